package lab.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import lab.portal.web.BodyTooLarge;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Bounds every request body before it reaches the heap: a report may be a few MB (1 MiB sent to a class),
 * anything else (an answer, a control) 64 KiB. A declared length over the limit is refused at once with 413; a body without
 * one is counted as it is read, and reading past the limit fails the request with 413 too ({@link BodyTooLarge}).
 */
final class BodyLimitFilter extends OncePerRequestFilter {
    static final long DEFAULT_LIMIT = 64 * 1024;
    static final long REPORT_LIMIT = 4 * 1024 * 1024;
    /** A report sent to a class: the endpoint faces a room, and a learner's report is far smaller. */
    static final long CLASS_REPORT_LIMIT = 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = request.getRequestURI().equals("/api/report") ? REPORT_LIMIT
                : ClassEndpointFilter.isReport(request) ? CLASS_REPORT_LIMIT : DEFAULT_LIMIT;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            PortalSecurity.Refusal.send(response, 413, "body_too_large", "the request body has " + declared + " bytes; the limit here is " + limit);
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } catch (ServletException | IOException | RuntimeException e) {
            BodyTooLarge tooLarge = BodyTooLarge.in(e);
            if (tooLarge == null) throw e;
            if (!response.isCommitted()) {
                response.reset();
                PortalSecurity.Refusal.send(response, 413, "body_too_large", tooLarge.getMessage());
            }
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > limit) throw new BodyTooLarge(limit);
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (read += n) > limit) throw new BodyTooLarge(limit);
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
