package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/** Unpacks function.zip the way Lambda lays out a task root. */
public final class Zips {

    private Zips() {
    }

    /** Unpacks the zip into target and returns the files written, in the zip's order. */
    public static List<Path> unpack(Path zip, Path target) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var archive = new ZipFile(zip.toFile())) {
            for (var entry : archive.stream().toList()) {
                Path file = target.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(file);
            }
        }
        return files;
    }
}
