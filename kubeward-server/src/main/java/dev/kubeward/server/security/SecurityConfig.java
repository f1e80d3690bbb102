package dev.kubeward.server.security;

import dev.kubeward.server.api.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
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
 * Two filter chains: one for machines posting with a cluster's ingestion token (sensors, the admission webhook), and
 * one for the API and the UI. The API takes bearer tokens or the UI's session; the session needs a CSRF token
 * (double-submit cookie), a bearer token does not. Actuator exposes only health.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfig {

  /**
   * Sensors and the admission webhook: machines with a cluster's ingestion token, hundreds of requests a second. No
   * session, no CSRF token cookie (an API server has no use for one), no login page — only the token, the authority
   * and problem answers. A call without its token is answered 401, not a CSRF 403.
   */
  @Bean
  @Order(1)
  SecurityFilterChain machineFilterChain(HttpSecurity http, TokenService tokens) throws Exception {
    http
        .securityMatcher("/api/v1/ingest/**", "/admission/**")
        .addFilterBefore(new TokenAuthenticationFilter(tokens), UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .anyRequest().hasAuthority(TokenAuthenticationFilter.INGEST))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .csrf(c -> c.disable())
        .exceptionHandling(e -> e.authenticationEntryPoint(apiEntryPoint()).accessDeniedHandler(apiDenied()));
    return http.build();
  }

  /**
   * Spring Security's own observations (a span per filter, per authentication and per authorization) are for tracing
   * backends, which Kubeward does not ship; they were 7 % of the request threads' CPU under admission load
   * (bench/admission). Micrometer's HTTP server timers, which the dashboards use, stay.
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  @Order(2)
  SecurityFilterChain filterChain(HttpSecurity http, TokenService tokens) throws Exception {
    // Machine endpoints answer 401/403 problems; everything else is a page and redirects to the sign-in page.
    RequestMatcher api = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
        PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"));
    http
        .addFilterBefore(new TokenAuthenticationFilter(tokens), UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a
            // Error dispatches render the status of a request that was already authorized (or refused).
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .requestMatchers("/login", "/login.html", "/assets/**", "/favicon.ico").permitAll()
            .requestMatchers("/api/**").hasRole(Role.READER.name())
            .anyRequest().hasRole(Role.READER.name()))
        // The login answers JSON and the UI navigates itself; remembering requests would only create sessions.
        .requestCache(c -> c.disable())
        // A bearer token is not sent by a browser on its own, so it needs no CSRF token.
        .csrf(c -> c.spa().ignoringRequestMatchers(TokenAuthenticationFilter::hasBearer))
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
