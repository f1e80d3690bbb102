package dev.kubeward.server.security;

import dev.kubeward.server.api.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One filter chain for the API and the UI. The API takes bearer tokens or the UI's session; the session needs a CSRF
 * token (double-submit cookie), a bearer token does not. Actuator exposes only health.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfig {

  @Bean
  SecurityFilterChain filterChain(HttpSecurity http, TokenService tokens) throws Exception {
    // Machine endpoints answer 401/403 problems; everything else is a page and redirects to the sign-in page.
    RequestMatcher api = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
        PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"),
        PathPatternRequestMatcher.withDefaults().matcher("/admission/**"));
    http
        .addFilterBefore(new TokenAuthenticationFilter(tokens), UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a
            // Error dispatches render the status of a request that was already authorized (or refused).
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .requestMatchers("/login", "/login.html", "/assets/**", "/favicon.ico").permitAll()
            .requestMatchers("/api/v1/ingest/**").hasAuthority(TokenAuthenticationFilter.INGEST)
            // The admission webhook is called by a cluster's API server with that cluster's ingestion token.
            .requestMatchers("/admission/**").hasAuthority(TokenAuthenticationFilter.INGEST)
            .requestMatchers("/api/**").hasRole(Role.READER.name())
            .anyRequest().hasRole(Role.READER.name()))
        // The login answers JSON and the UI navigates itself; remembering requests would only create sessions.
        .requestCache(c -> c.disable())
        // Sensors and the admission webhook never hold a session: a call without its token is answered 401, not a
        // CSRF 403 (the admission endpoint also refuses sessions outright).
        .csrf(c -> c.spa().ignoringRequestMatchers(TokenAuthenticationFilter::hasBearer,
            PathPatternRequestMatcher.withDefaults().matcher("/api/v1/ingest/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/admission/**")))
        .formLogin(f -> f
            .loginPage("/login")
            .successHandler((req, res, auth) -> {
              res.setStatus(HttpServletResponse.SC_OK);
              res.setContentType("application/json");
              res.getWriter().write("{\"redirect\":\"/\"}");
            })
            .failureHandler((req, res, e) ->
                ProblemWriter.write(res, HttpStatus.UNAUTHORIZED, "wrong username or password"))
            .permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler((req, res, auth) -> res.setStatus(204)))
        .exceptionHandling(e -> e
            .defaultAuthenticationEntryPointFor(apiEntryPoint(), api)
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), r -> true)
            .defaultAccessDeniedHandlerFor(apiDenied(), api))
        .headers(h -> h
            .contentSecurityPolicy(csp -> csp.policyDirectives(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
            .frameOptions(f -> f.deny()));
    return http.build();
  }

  private static AuthenticationEntryPoint apiEntryPoint() {
    return (req, res, e) -> {
      res.setHeader("WWW-Authenticate", "Bearer");
      ProblemWriter.write(res, HttpStatus.UNAUTHORIZED,
          "authentication required: send 'Authorization: Bearer <token>' or sign in");
    };
  }

  private static AccessDeniedHandler apiDenied() {
    return (req, res, e) -> {
      String detail = e.getClass().getSimpleName().contains("Csrf")
          ? "missing or invalid CSRF token (send the XSRF-TOKEN cookie's value as X-XSRF-TOKEN)"
          : "your role does not allow this action";
      ProblemWriter.write(res, HttpStatus.FORBIDDEN, detail);
    };
  }

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy(Role.hierarchy());
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }
}
