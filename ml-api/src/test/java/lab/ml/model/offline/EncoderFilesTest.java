package lab.ml.model.offline;

import lab.ml.model.ModelOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a start finds the offline encoder's files: unpacked beside the code by the build, else copied once out of their jar into the cache. */
class EncoderFilesTest {
    @Test
    void theBuildUnpacksTheEncoderBesideTheCodeAndAStartReadsItThereCopyingNothing(@TempDir Path cache) throws IOException {
        // ml-api's pom unpacks the files before the tests run; without that execution this start would copy them.
        EncoderFiles files = EncoderFiles.materialise(cache);
        assertEquals(ModelOrigin.BUNDLED, files.origin(), files.toString());
        assertEquals(EncoderFiles.bundledDir(), files.onnx().getParent());
        assertEquals(sizeOfResource(EncoderFiles.ONNX_RESOURCE), Files.size(files.onnx()), "the whole model, not a part of it");
        assertEquals(sizeOfResource(EncoderFiles.TOKENIZER_RESOURCE), Files.size(files.tokenizer()));
        try (var written = Files.list(cache)) {
            assertEquals(0, written.count(), "nothing written into the model cache");
        }
    }

    @Test
    void withoutThemBesideTheCodeTheyAreUnpackedIntoTheCacheOnceThenFoundThere(@TempDir Path cache, @TempDir Path incomplete) throws IOException {
        // Only one of the two files beside the code: not enough to read in place.
        Files.writeString(incomplete.resolve(EncoderFiles.TOKENIZER_RESOURCE), "{}");
        EncoderFiles first = EncoderFiles.materialise(incomplete, cache);
        assertEquals(ModelOrigin.UNPACKED, first.origin());
        assertTrue(first.onnx().startsWith(cache), first.toString());
        assertEquals(sizeOfResource(EncoderFiles.ONNX_RESOURCE), Files.size(first.onnx()));
        assertEquals(ModelOrigin.CACHED, EncoderFiles.materialise(null, cache).origin(), "the second start finds the copy");
        try (var left = Files.list(first.onnx().getParent())) {
            assertFalse(left.anyMatch(p -> p.toString().endsWith(".partial")), "no partial copy left behind");
        }
    }

    private static long sizeOfResource(String resource) throws IOException {
        return EncoderFiles.class.getClassLoader().getResource(resource).openConnection().getContentLengthLong();
    }
}
