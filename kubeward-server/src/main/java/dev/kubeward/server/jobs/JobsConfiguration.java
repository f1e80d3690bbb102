package dev.kubeward.server.jobs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Binds {@link JobsProperties}; in a worker process, limits the web server to health probes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
public class JobsConfiguration {

  @Bean
  @ConditionalOnProperty(name = "kubeward.role", havingValue = ProcessRole.WORKER)
  FilterRegistrationBean<WorkerHealthOnlyFilter> workerHealthOnlyFilter() {
    FilterRegistrationBean<WorkerHealthOnlyFilter> reg = new FilterRegistrationBean<>(new WorkerHealthOnlyFilter());
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
    reg.addUrlPatterns("/*");
    return reg;
  }
}
