package lab.ml.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Texts tokenised together and padded to one length, as the transformer's input tensors, with which
 * of them were truncated to the model's maximum length.
 */
public record TokenBatch(long[][] ids, long[][] mask, long[][] types, boolean[] truncated) {

    /** A tokenizer that pads a batch to its longest member and truncates at {@code maxTokens}. */
    public static HuggingFaceTokenizer tokenizer(java.nio.file.Path tokenizerJson, int maxTokens) throws java.io.IOException {
        return HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                .optTruncation(true).optPadding(true).optMaxLength(maxTokens).build();
    }

    public static TokenBatch encode(HuggingFaceTokenizer tokenizer, List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int n = encodings.length;
        long[][] ids = new long[n][];
        long[][] mask = new long[n][];
        long[][] types = new long[n][];
        boolean[] truncated = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = encodings[i].getIds();
            mask[i] = encodings[i].getAttentionMask();
            types[i] = encodings[i].getTypeIds();
            truncated[i] = encodings[i].exceedMaxLength();
        }
        return new TokenBatch(ids, mask, types, truncated);
    }

    /** The tensors, named as BERT-family exports name their inputs. */
    public NDList toNDList(NDManager manager, boolean withTypeIds) {
        NDArray idArray = manager.create(ids);
        idArray.setName("input_ids");
        NDArray maskArray = manager.create(mask);
        maskArray.setName("attention_mask");
        if (!withTypeIds) {
            return new NDList(idArray, maskArray);
        }
        NDArray typeArray = manager.create(types);
        typeArray.setName("token_type_ids");
        return new NDList(idArray, maskArray, typeArray);
    }
}
