import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a zip so that the same content always gives the same bytes: entries sorted by name,
 * one fixed timestamp, no extra fields, the same compression. Quarkus stamps function.zip's
 * entries with the build time, so the same content would otherwise differ on every build, and a
 * content-addressed deploy would upload and publish a "new" function every time.
 *
 * This is not enough for two separate builds of one commit to be byte-identical: Quarkus 3.33
 * still generates a few classes in build-thread order (the numbering of recorded values, the
 * order of config mappings), see quarkusio/quarkus PR 53025 and the work that followed it.
 *
 * The jars in lib/ are rewritten with their entries stored, not compressed: function.zip then
 * compresses each jar as one stream, which finds the repetition between its classes (the S3
 * model's thousands of similar classes above all) that compressing class by class cannot. The
 * zip shrinks by about a quarter, and the JVM reads classes from the unpacked jars without
 * inflating them. Unpacked, the function is about 46 MB of Lambda's 250 MB.
 *
 * Usage: java infra/scripts/ReproducibleZip.java target/function.zip
 */
public class ReproducibleZip {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java ReproducibleZip.java ZIP");
            System.exit(2);
        }
        Path zip = Path.of(args[0]);
        Map<String, byte[]> entries = new TreeMap<>();
        try (var in = new ZipFile(zip.toFile())) {
            for (var entry : in.stream().toList()) {
                try (InputStream data = in.getInputStream(entry)) {
                    byte[] bytes = data.readAllBytes();
                    entries.put(entry.getName(), isLibraryJar(entry.getName()) ? storedJar(bytes) : bytes);
                }
            }
        }
        Path rewritten = Files.createTempFile(zip.toAbsolutePath().getParent(), "reproducible", ".zip");
        try (OutputStream file = Files.newOutputStream(rewritten); var out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (var entry : entries.entrySet()) {
                var written = new ZipEntry(entry.getKey());
                written.setTimeLocal(FIXED_TIME);
                out.putNextEntry(written);
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        Files.setPosixFilePermissions(rewritten, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(rewritten, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isLibraryJar(String name) {
        return name.startsWith("lib/") && name.endsWith(".jar");
    }

    /** The same jar, its entries in their order, each stored (uncompressed) with the fixed timestamp. */
    private static byte[] storedJar(byte[] jar) throws IOException {
        var bytes = new ByteArrayOutputStream(jar.length * 2);
        try (var in = new ZipInputStream(new ByteArrayInputStream(jar)); var out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                var crc = new CRC32();
                crc.update(data);
                var stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                stored.setCompressedSize(data.length);
                stored.setCrc(crc.getValue());
                stored.setTimeLocal(FIXED_TIME);
                out.putNextEntry(stored);
                out.write(data);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
