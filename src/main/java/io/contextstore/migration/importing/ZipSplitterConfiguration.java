package io.contextstore.migration.importing;

import org.apache.camel.dataformat.zipfile.ZipSplitter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** camel-zipfile's splitter, for {@code split: {ref: zipSplitter}}: a zip's entries one exchange each, streamed. */
@Configuration(proxyBeanMethods = false)
public class ZipSplitterConfiguration {

    @Bean
    ZipSplitter zipSplitter() {
        return new ZipSplitter();
    }
}
