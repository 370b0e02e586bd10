package io.contextstore.migration.format;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, for a result or a report: the JDK's file exceptions carry the
 * server's absolute paths in their message, so only their reason is shown (the path goes to the log).
 */
public final class IoMessages {

    private IoMessages() {
    }

    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs instanceof NoSuchFileException ? "a file or folder is missing"
                    : fs instanceof AccessDeniedException ? "permission denied"
                    : fs instanceof FileAlreadyExistsException ? "the file exists already"
                    : fs instanceof NotDirectoryException ? "not a directory"
                    : fs.getReason();
            return reason == null || reason.isBlank() ? "file system error" : reason;
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
