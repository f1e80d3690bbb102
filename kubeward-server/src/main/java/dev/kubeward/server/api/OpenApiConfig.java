package dev.kubeward.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the API for the OpenAPI document served at {@code /api/openapi.json}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

  @Bean
  OpenAPI kubewardOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Kubeward API")
            .version("v1")
            .description("Security findings, settings and administration of Kubeward. Authenticate with an API token "
                + "(Authorization: Bearer ...) or a browser session. Errors are application/problem+json."))
        .components(new Components().addSecuritySchemes("token",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("Kubeward API token")))
        .addSecurityItem(new SecurityRequirement().addList("token"));
  }
}
