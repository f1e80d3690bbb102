package dev.kubeward.server.advisories;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link AdvisoryDistributionProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdvisoryDistributionProperties.class)
public class AdvisoriesConfiguration {}
