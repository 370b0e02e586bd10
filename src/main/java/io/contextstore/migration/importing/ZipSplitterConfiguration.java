package io.contextstore.migration.importing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The zip splitter of the import route, for {@code split: {ref: zipSplitter}}: a zip's entries one exchange each, streamed. */
@Configuration(proxyBeanMethods = false)
public class ZipSplitterConfiguration {

    @Bean
    ZipEntrySplitter zipSplitter() {
        return new ZipEntrySplitter();
    }
}
