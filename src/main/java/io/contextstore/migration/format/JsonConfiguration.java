package io.contextstore.migration.format;

import com.fasterxml.jackson.databind.Module;
import io.contextstore.migration.format.ExactNumbers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring Boot adds every Jackson module bean to the application's ObjectMapper. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    Module exactNumbers() {
        return ExactNumbers.module();
    }
}
