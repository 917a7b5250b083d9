package lab.portal.content;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * content/lab.yaml as read: its values (for binding to the content's records) and, for every value, the
 * line it is on, by its path ({@code checks[3].left}), so a problem found later names the line to fix.
 */
public final class ContentSource {
    private final Path file;
    private final Object tree;
    private final Map<String, Integer> lines = new HashMap<>();

    private ContentSource(Path file, Object tree, Node root) {
        this.file = file;
        this.tree = tree;
        if (root != null) index(root, "");
    }

    static ContentSource read(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            return new ContentSource(file, yaml.load(text), yaml.compose(new StringReader(text)));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IOException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    Object tree() {
        return tree;
    }

    Path file() {
        return file;
    }

    /** "content/lab.yaml:142 (checks[3].left)", the nearest enclosing line where the path itself has none. */
    String where(String path) {
        String p = path;
        while (!p.isEmpty() && !lines.containsKey(p)) p = parent(p);
        Integer line = lines.get(p);
        return file.getFileName() + (line == null ? "" : ":" + line) + (path.isEmpty() ? "" : " (" + path + ")");
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    private void index(Node node, String path) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    lines.put(child, t.getKeyNode().getStartMark().getLine() + 1);
                    index(t.getValueNode(), child);
                }
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) index(items.get(i), path + "[" + i + "]");
        }
    }
}
