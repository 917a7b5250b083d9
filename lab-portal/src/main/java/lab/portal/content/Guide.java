package lab.portal.content;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * setup.md as the portal's steps: the introduction before the first step, then each
 * {@code ## Step N — title} section with its {@code Duration: N min} line, rendered to HTML.
 */
public record Guide(String introHtml, List<GuideStep> steps) {
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
            steps.add(new GuideStep("step-" + heads.get(i)[0], heads.get(i)[1], minutes, body, md.html(body)));
        }
        return new Guide(md.html(intro), List.copyOf(steps));
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

    /** flexmark with tables: the parts the guide uses, no more. */
    private static final class Markdown {
        private final Parser parser;
        private final HtmlRenderer renderer;

        Markdown() {
            MutableDataSet options = new MutableDataSet().set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
            parser = Parser.builder(options).build();
            renderer = HtmlRenderer.builder(options).build();
        }

        String html(String markdown) {
            return renderer.render(parser.parse(markdown));
        }
    }
}
