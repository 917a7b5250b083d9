package lab.service.ops;

import java.util.function.Supplier;

/**
 * Which service this is, its version, and the model it serves right now. The model is a supplier
 * because the ML service only knows it once loading has decided (the real model or the fallback).
 */
public record ServiceIdentity(String service, String version, Supplier<String> modelName) {
    public String model() {
        String name = modelName.get();
        return name == null ? "none" : name;
    }
}
