package lab.service.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/** One route's behaviour. Throw {@link ApiError} to refuse the request with a reason. */
@FunctionalInterface
public interface Handler {
    Response handle(HttpExchange exchange) throws IOException;
}
