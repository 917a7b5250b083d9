package lab.portal.content;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.AttributeProvider;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.IndependentAttributeProviderFactory;
import com.vladsch.flexmark.html.renderer.AttributablePart;
import com.vladsch.flexmark.html.renderer.LinkResolverContext;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * setup.md as the portal's steps: the introduction before the first step, then each
 * {@code ## Step N — title} section with its {@code Duration: N min} line, rendered to HTML. A step's
 * {@code bash} blocks are the ones the runner can run: each gets an id, on the page as {@code data-block}.
 * Blocks fenced otherwise ({@code shell}, {@code text}) are for a terminal only. What follows the last
 * step (troubleshooting, the by-hand ways) is the appendix.
 */
public record Guide(String introHtml, List<GuideStep> steps, String appendixHtml) {
    private static final Pattern STEP = Pattern.compile("^## Step (\\d+)\\s*[—-]\\s*(.+)$", Pattern.MULTILINE);
    private static final Pattern DURATION = Pattern.compile("^Duration:\\s*(\\d+|—|-)\\s*(min)?\\s*$", Pattern.MULTILINE);

    public static Guide parse(String markdown) {
        Markdown md = new Markdown();
        Matcher m = STEP.matcher(markdown);
        List<int[]> starts = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[]{m.start(), m.end()});
            heads.add(new String[]{m.group(1), m.group(2).trim()});
        }
        String intro = starts.isEmpty() ? markdown : markdown.substring(0, starts.get(0)[0]);
        List<GuideStep> steps = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : nextLevelTwo(markdown, starts.get(i)[1]);
            String body = markdown.substring(starts.get(i)[1], end).strip();
            Matcher d = DURATION.matcher(body);
            int minutes = 0;
            if (d.find()) {
                minutes = d.group(1).matches("\\d+") ? Integer.parseInt(d.group(1)) : 0;
                body = (body.substring(0, d.start()) + body.substring(d.end())).strip();
            }
            String id = "step-" + heads.get(i)[0];
            Markdown.Rendered r = md.render(body, id);
            steps.add(new GuideStep(id, heads.get(i)[1], minutes, body, r.html(), r.blocks()));
        }
        int appendixStart = starts.isEmpty() ? markdown.length() : nextLevelTwo(markdown, starts.get(starts.size() - 1)[1]);
        return new Guide(md.render(intro, null).html(), List.copyOf(steps), md.render(markdown.substring(appendixStart), null).html());
    }

    /** The end of the last step: the next "## " heading that is not a step, or the end of the text. */
    private static int nextLevelTwo(String markdown, int from) {
        Matcher h = Pattern.compile("^## ", Pattern.MULTILINE).matcher(markdown);
        return h.find(from) ? h.start() : markdown.length();
    }

    public int totalMinutes() {
        return steps.stream().mapToInt(GuideStep::minutes).sum();
    }

    public boolean hasStep(String id) {
        return steps.stream().anyMatch(s -> s.id().equals(id));
    }

    public Optional<GuideBlock> block(String id) {
        return steps.stream().flatMap(s -> s.blocks().stream()).filter(b -> b.id().equals(id)).findFirst();
    }

    /** flexmark with tables: the parts the guide uses, no more; bash blocks of a step named in order. */
    private static final class Markdown {
        record Rendered(String html, List<GuideBlock> blocks) {
        }

        private final MutableDataSet options = new MutableDataSet().set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
        private final Parser parser = Parser.builder(options).build();

        /** Renders one part of the guide; with a step id, its bash blocks are named {@code <step>-1}, {@code <step>-2}, ... */
        Rendered render(String markdown, String stepId) {
            Document doc = parser.parse(markdown);
            Map<Node, String> ids = new IdentityHashMap<>();
            List<GuideBlock> blocks = new ArrayList<>();
            if (stepId != null) {
                for (Node n : doc.getDescendants()) {
                    if (n instanceof FencedCodeBlock code && "bash".contentEquals(code.getInfo())) {
                        GuideBlock b = new GuideBlock(stepId + "-" + (blocks.size() + 1), stepId, code.getContentChars().toString());
                        blocks.add(b);
                        ids.put(n, b.id());
                    }
                }
            }
            HtmlRenderer renderer = HtmlRenderer.builder(options).attributeProviderFactory(new IndependentAttributeProviderFactory() {
                @Override
                public AttributeProvider apply(LinkResolverContext context) {
                    return (node, part, attributes) -> {
                        if (part == AttributablePart.NODE && ids.containsKey(node)) attributes.addValue("data-block", ids.get(node));
                    };
                }
            }).build();
            return new Rendered(renderer.render(doc), blocks);
        }
    }
}
