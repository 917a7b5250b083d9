package lab.portal.web;

import lab.portal.activity.Stage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The portal's one error shape, {@code {"error": code, "message": what was wrong}}, for every refusal of its API. */
@RestControllerAdvice
class ApiErrors {

    /** The body of every refusal. */
    record Body(String error, String message) {
    }

    @ExceptionHandler(ApiError.class)
    ResponseEntity<Body> refused(ApiError e) {
        return ResponseEntity.status(e.status()).body(new Body(e.error(), e.getMessage()));
    }

    /** The stage is taken (an experiment, a guide block, the cleanup): the one place a busy stage becomes 409. */
    @ExceptionHandler(Stage.Busy.class)
    ResponseEntity<Body> busy(Stage.Busy busy) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new Body("busy", busy.getMessage()));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<Body> badParameter(Exception e) {
        return ResponseEntity.badRequest().body(new Body("bad_request", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Body> unreadable(HttpMessageNotReadableException e) {
        BodyTooLarge tooLarge = BodyTooLarge.in(e);
        if (tooLarge != null) return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(new Body("body_too_large", tooLarge.getMessage()));
        return ResponseEntity.badRequest().body(new Body("unreadable_body", "the request body could not be read: "
                + (e.getMostSpecificCause() == null ? e.getMessage() : e.getMostSpecificCause().getMessage())));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Body> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new Body("unsupported_media_type", e.getMessage()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Body> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new Body("method_not_allowed", e.getMessage()));
    }
}
