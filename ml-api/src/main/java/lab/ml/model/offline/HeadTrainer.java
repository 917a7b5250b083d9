package lab.ml.model.offline;

import com.eclipsesource.json.JsonObject;

/**
 * Trains {@link SentimentHead}: L2-regularised logistic regression by Newton's method (exact and
 * deterministic: no random initialisation, no sampling), the strength chosen by validation log-loss,
 * then Platt scaling fitted on the validation split so the probabilities are calibrated.
 */
public final class HeadTrainer {
    static final double[] STRENGTHS = {1e-3, 1e-2, 1e-1, 1};
    private static final int NEWTON_STEPS = 30;

    private HeadTrainer() {
    }

    public static SentimentHead train(float[][] trainX, int[] trainY, float[][] valX, int[] valY, JsonObject provenance) {
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = null;
        double bestLambda = 0;
        for (double lambda : STRENGTHS) {
            double[] theta = fitLogistic(withBias(trainX), trainY, lambda);
            double loss = logLoss(scores(withBias(valX), theta), valY, 1, 0);
            if (loss < best) {
                best = loss;
                bestTheta = theta;
                bestLambda = lambda;
            }
        }
        double[] z = scores(withBias(valX), bestTheta);
        double[] platt = fitLogistic(column(z), valY, 1e-6);
        int d = trainX[0].length;
        double[] weights = new double[d];
        System.arraycopy(bestTheta, 0, weights, 0, d);
        provenance.add("l2_strength", bestLambda).add("validation_log_loss_before_calibration", round(best))
                .add("validation_log_loss_after_calibration", round(logLoss(z, valY, platt[0], platt[1])));
        return new SentimentHead(weights, bestTheta[d], platt[0], platt[1], provenance);
    }

    /** Rows of x with a constant 1 appended for the bias. */
    static double[][] withBias(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length + 1];
            for (int j = 0; j < x[i].length; j++) out[i][j] = x[i][j];
            out[i][x[i].length] = 1;
        }
        return out;
    }

    private static double[][] column(double[] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) out[i] = new double[]{z[i], 1};
        return out;
    }

    static double[] scores(double[][] x, double[] theta) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) z[i] = dot(x[i], theta);
        return z;
    }

    /**
     * Newton-Raphson on the regularised log-likelihood (the bias, last column, is not regularised).
     * The gradient and Hessian are summed over fixed halves of the rows on two threads and added in a
     * fixed order, so the result is the same on every run.
     */
    static double[] fitLogistic(double[][] x, int[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] theta = new double[d];
        for (int step = 0; step < NEWTON_STEPS; step++) {
            final double[] current = theta;
            java.util.concurrent.CompletableFuture<double[][]> first =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> accumulate(x, y, current, 0, n / 2));
            double[][] second = accumulate(x, y, theta, n / 2, n);
            double[][] firstHalf = first.join();
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int a = 0; a < d; a++) {
                grad[a] = firstHalf[d][a] + second[d][a];
                for (int b = 0; b <= a; b++) {
                    hess[a][b] = firstHalf[a][b] + second[a][b];
                    hess[b][a] = hess[a][b];
                }
                if (a < d - 1) {
                    grad[a] += lambda * n * theta[a];
                    hess[a][a] += lambda * n;
                } else {
                    hess[a][a] += 1e-9 * n;
                }
            }
            double[] delta = solveCholesky(hess, grad);
            double change = 0;
            theta = theta.clone();
            for (int a = 0; a < d; a++) {
                theta[a] -= delta[a];
                change = Math.max(change, Math.abs(delta[a]));
            }
            if (change < 1e-7) break;
        }
        return theta;
    }

    /** Rows [from, to): the lower triangle of the Hessian in rows 0..d-1, the gradient in row d. */
    private static double[][] accumulate(double[][] x, int[] y, double[] theta, int from, int to) {
        int d = theta.length;
        double[][] out = new double[d + 1][];
        for (int a = 0; a < d; a++) out[a] = new double[a + 1];
        out[d] = new double[d];
        for (int i = from; i < to; i++) {
            double[] xi = x[i];
            double p = SentimentHead.sigmoid(dot(xi, theta));
            double r = p - y[i];
            double w = Math.max(p * (1 - p), 1e-9);
            for (int a = 0; a < d; a++) {
                double xa = xi[a];
                out[d][a] += r * xa;
                double wxa = w * xa;
                double[] row = out[a];
                for (int b = 0; b <= a; b++) row[b] += wxa * xi[b];
            }
        }
        return out;
    }

    /** Solves H x = g for symmetric positive-definite H. */
    static double[] solveCholesky(double[][] h, double[] g) {
        int d = g.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
            }
        }
        double[] yv = new double[d];
        for (int i = 0; i < d; i++) {
            double s = g[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * yv[k];
            yv[i] = s / l[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = yv[i];
            for (int k = i + 1; k < d; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    static double logLoss(double[] z, int[] y, double a, double c) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double p = Math.min(Math.max(SentimentHead.sigmoid(a * z[i] + c), 1e-12), 1 - 1e-12);
            sum -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum / z.length;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
