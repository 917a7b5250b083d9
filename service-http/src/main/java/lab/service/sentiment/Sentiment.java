package lab.service.sentiment;

/** The label both services answer with. The ML service's binary models never say NEUTRAL. */
public enum Sentiment {
    POSITIVE, NEGATIVE, NEUTRAL
}
