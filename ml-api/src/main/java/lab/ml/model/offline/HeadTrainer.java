package lab.ml.model.offline;

import com.eclipsesource.json.JsonObject;

import java.util.concurrent.CompletableFuture;

/**
 * Trains {@link SentimentHead}: L2-regularised logistic regression by truncated Newton (each step
 * solves the Newton system by conjugate gradients on Hessian-vector products, so a step costs a few
 * passes over the rows instead of a d×d Hessian per row), the strength chosen by validation log-loss,
 * then Platt scaling fitted on the validation split so the probabilities are calibrated.
 * Exact and deterministic: no random initialisation, no sampling, sums in a fixed order.
 */
public final class HeadTrainer {
    /** Strongest first: each fit starts from the previous one's weights and needs fewer steps. */
    static final double[] STRENGTHS = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5};
    private static final int MAX_NEWTON_STEPS = 60;
    private static final int MAX_CG_STEPS = 200;
    /** Converged when the gradient's norm falls below this fraction of its norm where the fit started. */
    private static final double TOLERANCE = 1e-7;

    private HeadTrainer() {
    }

    /** Trains with every row weighted 1. */
    public static SentimentHead train(float[][] trainX, int[] trainY, float[][] valX, int[] valY, JsonObject provenance) {
        return train(new Rows(trainX, trainY, null), new Rows(valX, valY, null), provenance);
    }

    public static SentimentHead train(Rows train, Rows validation, JsonObject provenance) {
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = null;
        double bestLambda = 0;
        double[] theta = new double[train.dimensions() + 1];
        for (double lambda : STRENGTHS) {
            theta = fit(train, lambda, theta);
            double loss = logLoss(scores(validation.x(), theta), validation, 1, 0);
            if (loss < best) {
                best = loss;
                bestTheta = theta;
                bestLambda = lambda;
            }
        }
        double[] z = scores(validation.x(), bestTheta);
        float[][] zColumn = new float[z.length][];
        for (int i = 0; i < z.length; i++) zColumn[i] = new float[]{(float) z[i]};
        double[] platt = fit(new Rows(zColumn, validation.y(), validation.weight()), 1e-6, new double[2]);
        int d = train.dimensions();
        double[] weights = new double[d];
        System.arraycopy(bestTheta, 0, weights, 0, d);
        provenance.add("l2_strength", bestLambda).add("validation_log_loss_before_calibration", round(best))
                .add("validation_log_loss_after_calibration", round(logLoss(z, validation, platt[0], platt[1])));
        return new SentimentHead(weights, bestTheta[d], platt[0], platt[1], provenance);
    }

    /**
     * Labelled rows with an optional weight per row (null: all 1). The bias is not a column: it is the
     * last entry of the weight vector, and is not regularised.
     */
    public record Rows(float[][] x, int[] y, double[] weight) {
        int size() {
            return x.length;
        }

        int dimensions() {
            return x[0].length;
        }

        double weightOf(int i) {
            return weight == null ? 1 : weight[i];
        }

        double totalWeight() {
            double s = 0;
            for (int i = 0; i < size(); i++) s += weightOf(i);
            return s;
        }
    }

    /** Minimises the weighted log-loss plus (λ·W/2)·|w|², W the total row weight, from {@code start}. */
    static double[] fit(Rows rows, double lambda, double[] start) {
        double penalty = lambda * rows.totalWeight();
        double[] theta = start.clone();
        double[] p = new double[rows.size()];
        double[] g = gradient(rows, theta, penalty, p);
        double g0 = norm(g);
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            if (step > 0) g = gradient(rows, theta, penalty, p);
            double gNorm = norm(g);
            if (gNorm <= TOLERANCE * Math.max(g0, 1)) break;
            double[] curvature = new double[p.length];
            for (int i = 0; i < p.length; i++) curvature[i] = rows.weightOf(i) * Math.max(p[i] * (1 - p[i]), 1e-12);
            double[] direction = conjugateGradient(rows, curvature, penalty, g, Math.min(0.5, Math.sqrt(gNorm / Math.max(g0, 1))));
            theta = lineSearch(rows, theta, direction, g, penalty);
        }
        return theta;
    }

    /** Solves H·s = -g approximately (relative residual {@code forcing}); H is positive definite. */
    private static double[] conjugateGradient(Rows rows, double[] curvature, double penalty, double[] g, double forcing) {
        int d = g.length;
        double[] s = new double[d];
        double[] r = new double[d];
        for (int a = 0; a < d; a++) r[a] = -g[a];
        double[] dir = r.clone();
        double rr = dot(r, r);
        double stop = forcing * forcing * rr;
        for (int k = 0; k < MAX_CG_STEPS && rr > stop; k++) {
            double[] hd = hessianTimes(rows, curvature, penalty, dir);
            double alpha = rr / dot(dir, hd);
            for (int a = 0; a < d; a++) {
                s[a] += alpha * dir[a];
                r[a] -= alpha * hd[a];
            }
            double next = dot(r, r);
            for (int a = 0; a < d; a++) dir[a] = r[a] + next / rr * dir[a];
            rr = next;
        }
        return s;
    }

    /** Backtracking (Armijo) on the objective, so a full Newton step is taken only when it helps. */
    private static double[] lineSearch(Rows rows, double[] theta, double[] s, double[] g, double penalty) {
        double f = objective(rows, theta, penalty);
        double slope = dot(g, s);
        double t = 1;
        for (int k = 0; k < 30; k++) {
            double[] next = theta.clone();
            for (int a = 0; a < next.length; a++) next[a] += t * s[a];
            if (objective(rows, next, penalty) <= f + 1e-4 * t * slope) return next;
            t /= 2;
        }
        return theta;
    }

    private static double objective(Rows rows, double[] theta, double penalty) {
        double[] z = scores(rows.x(), theta);
        double loss = halves(rows.size(), (from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                // log(1 + e^-m) for margin m, computed without overflow
                double m = rows.y()[i] == 1 ? z[i] : -z[i];
                s += rows.weightOf(i) * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
            }
            return new double[]{s};
        })[0];
        double w2 = 0;
        for (int a = 0; a < theta.length - 1; a++) w2 += theta[a] * theta[a];
        return loss + penalty / 2 * w2;
    }

    /** The objective's gradient; fills {@code p} with each row's P(positive). */
    private static double[] gradient(Rows rows, double[] theta, double penalty, double[] p) {
        double[] z = scores(rows.x(), theta);
        double[] residual = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = SentimentHead.sigmoid(z[i]);
            residual[i] = rows.weightOf(i) * (p[i] - rows.y()[i]);
        }
        double[] g = transposeTimes(rows.x(), residual);
        for (int a = 0; a < g.length - 1; a++) g[a] += penalty * theta[a];
        return g;
    }

    /** (Xᵀ·C·X + penalty·I)·v, C the rows' curvatures; the bias gets a tiny ridge to stay definite. */
    private static double[] hessianTimes(Rows rows, double[] curvature, double penalty, double[] v) {
        double[] xv = scores(rows.x(), v);
        for (int i = 0; i < xv.length; i++) xv[i] *= curvature[i];
        double[] out = transposeTimes(rows.x(), xv);
        for (int a = 0; a < out.length - 1; a++) out[a] += penalty * v[a];
        out[out.length - 1] += 1e-9 * rows.totalWeight() * v[v.length - 1];
        return out;
    }

    /** x·θ per row, θ's last entry the bias. */
    static double[] scores(float[][] x, double[] theta) {
        double[] z = new double[x.length];
        int d = theta.length - 1;
        halves(x.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double s = theta[d];
                float[] xi = x[i];
                for (int a = 0; a < d; a++) s += xi[a] * theta[a];
                z[i] = s;
            }
            return new double[0];
        });
        return z;
    }

    /** Xᵀ·r with a bias entry last (the sum of r). */
    private static double[] transposeTimes(float[][] x, double[] r) {
        int d = x[0].length;
        return halves(x.length, (from, to) -> {
            double[] out = new double[d + 1];
            for (int i = from; i < to; i++) {
                double ri = r[i];
                if (ri == 0) continue;
                float[] xi = x[i];
                for (int a = 0; a < d; a++) out[a] += ri * xi[a];
                out[d] += ri;
            }
            return out;
        });
    }

    private interface Span {
        double[] sum(int from, int to);
    }

    /**
     * Runs {@code span} over fixed halves of the rows on two threads and adds the halves' results in a
     * fixed order, so every run gives the same bits.
     */
    private static double[] halves(int n, Span span) {
        CompletableFuture<double[]> first = CompletableFuture.supplyAsync(() -> span.sum(0, n / 2));
        double[] second = span.sum(n / 2, n);
        double[] out = first.join().clone();
        for (int a = 0; a < out.length; a++) out[a] += second[a];
        return out;
    }

    static double logLoss(double[] z, Rows rows, double a, double c) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double p = Math.min(Math.max(SentimentHead.sigmoid(a * z[i] + c), 1e-12), 1 - 1e-12);
            sum -= rows.weightOf(i) * (rows.y()[i] == 1 ? Math.log(p) : Math.log(1 - p));
        }
        return sum / rows.totalWeight();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
