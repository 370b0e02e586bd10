package io.contextstore.migration.importing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

import io.contextstore.migration.format.UnreadableInputException;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.dataformat.zipfile.ZipIterator;
import org.apache.camel.support.ExpressionAdapter;

/**
 * camel-zipfile's {@link ZipIterator} for {@code split: {ref: zipSplitter}}, with two guards
 * ZipSplitter lacks: after an entry failed the archive is not read on (the splitter asks for the
 * next entry once more as it lets go), and a damaged archive or one without entries fails with
 * a message for the user instead of an IllegalStateException.
 */
public class ZipEntrySplitter extends ExpressionAdapter implements Expression {

    /** Set on the zip's exchange when the archive could not be read past an entry. */
    public static final String FAILURE = "MigrationZipFailure";

    @Override
    public Object evaluate(Exchange exchange) {
        String name = exchange.getMessage().getHeader("MigrationInputName", String.class);
        ZipIterator zip = new ZipIterator(exchange, exchange.getMessage().getBody(InputStream.class));
        return new Entries(zip, exchange, name);
    }

    private static final class Entries implements Iterator<Message>, Closeable {
        private final ZipIterator zip;
        private final Exchange exchange;
        private final String name;
        private boolean stopped;

        Entries(ZipIterator zip, Exchange exchange, String name) {
            this.zip = zip;
            this.exchange = exchange;
            this.name = name;
        }

        @Override
        public boolean hasNext() {
            if (stopped) {
                return false;
            }
            try {
                return zip.hasNext();
            } catch (RuntimeException e) {
                stopped = true;
                exchange.setProperty(FAILURE, describe(e));
                return false;
            }
        }

        @Override
        public Message next() {
            try {
                return zip.next();
            } catch (RuntimeException e) {
                stopped = true;
                throw describe(e);
            }
        }

        private RuntimeException describe(RuntimeException e) {
            if (e instanceof IllegalStateException) {
                return new UnreadableInputException("the zip file '" + name + "' holds no record files", null, 0L);
            }
            Throwable cause = e instanceof RuntimeCamelException && e.getCause() != null ? e.getCause() : e;
            return new UnreadableInputException("the zip file cannot be read: " + cause.getMessage(), null, null);
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
