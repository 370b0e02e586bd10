package io.contextstore.migration.inbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.contextstore.migration.config.DataFolders;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;

/**
 * The inbox's file filter: a symbolic link dropped into an inbox folder is never followed (it
 * could point at any file the service may read). The file component has no option for that: it
 * lists, locks and reads what a link points to. The link is refused before any of that, moved to
 * {@code error/} as a link; the folders themselves may be links an operator set up.
 */
@Component("inboxLinks")
class InboxLinks implements GenericFileFilter<File> {

    private final DataFolders folders;
    private final InboxFiles inboxFiles;

    InboxLinks(DataFolders folders, InboxFiles inboxFiles) {
        this.folders = folders;
        this.inboxFiles = inboxFiles;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath().toAbsolutePath().normalize();
        if (!Files.isSymbolicLink(path) || path.getParent().equals(folders.inbox().toAbsolutePath().normalize())) {
            return true;
        }
        try {
            inboxFiles.refuseLink(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }
}
