package lab.portal.experiment;

/** An experiment that could not finish, with the reason to show (service crashed, port taken, ...). */
public class ExperimentFailure extends Exception {
    public ExperimentFailure(String message) {
        super(message);
    }

    public ExperimentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
