using MathNet.Numerics.LinearAlgebra;

namespace VectorNN.Bench.Training;

/// <summary>
/// The Iris tutorial's online SGD step (4-5-3, tanh hidden, softmax output, half sum of squared errors through the full
/// softmax Jacobian) written with MathNet.Numerics vectors and matrices, as a MathNet user would: the matrix-vector
/// products, <c>PointwiseTanh</c>, the Jacobian diag(o) - o o^T as a matrix, outer products for the weight gradients.
/// Runs on MathNet's managed provider on one thread (<see cref="MathNetMlp.UseManagedSingleThreaded"/>).
/// </summary>
internal sealed class MathNetIris
{
    private readonly Matrix<float> _w1;
    private readonly Vector<float> _b1;
    private readonly Matrix<float> _w2;
    private readonly Vector<float> _b2;
    private readonly float _learningRate;

    /// <summary>Starts from <paramref name="parameters"/> in VectorNN's order (W1 [5 x 4], b1, W2 [3 x 5], b2).</summary>
    public MathNetIris(float[] parameters, float learningRate)
    {
        _w1 = Matrix<float>.Build.Dense(5, 4, (r, c) => parameters[(r * 4) + c]);
        _b1 = Vector<float>.Build.Dense(5, i => parameters[20 + i]);
        _w2 = Matrix<float>.Build.Dense(3, 5, (r, c) => parameters[25 + (r * 5) + c]);
        _b2 = Vector<float>.Build.Dense(3, i => parameters[40 + i]);
        _learningRate = learningRate;
    }

    /// <summary>A copy of the parameters in VectorNN's order.</summary>
    public float[] GetParameters() =>
        [.. _w1.ToRowMajorArray(), .. _b1, .. _w2.ToRowMajorArray(), .. _b2];

    /// <summary>One step on one sample; returns the loss before the update.</summary>
    public double Step(Vector<float> x, Vector<float> t)
    {
        // Forward: h = tanh(W1 x + b1), o = softmax(W2 h + b2).
        Vector<float> h = (_w1 * x + _b1).PointwiseTanh();
        Vector<float> z = _w2 * h + _b2;
        Vector<float> e = (z - z.Maximum()).PointwiseExp();
        Vector<float> o = e / e.Sum();

        // E = 1/2 |o - t|^2; dE/dz = J (o - t) with the (symmetric) softmax Jacobian J = diag(o) - o o^T.
        Vector<float> error = o - t;
        double loss = 0.5 * error.DotProduct(error);
        Matrix<float> jacobian = Matrix<float>.Build.DenseOfDiagonalVector(o) - o.OuterProduct(o);
        Vector<float> dz2 = jacobian * error;

        // Backward: dW2 = dz2 h^T, dz1 = (W2^T dz2) .* (1 - h^2), dW1 = dz1 x^T.
        Matrix<float> dw2 = dz2.OuterProduct(h);
        Vector<float> dz1 = _w2.TransposeThisAndMultiply(dz2).PointwiseMultiply(1f - h.PointwisePower(2f));
        Matrix<float> dw1 = dz1.OuterProduct(x);

        if (!double.IsFinite(loss) || !dw1.ForAll(float.IsFinite) || !dz1.ForAll(float.IsFinite)
            || !dw2.ForAll(float.IsFinite) || !dz2.ForAll(float.IsFinite))
        {
            throw new InvalidOperationException("The loss or a gradient is not finite; the update was not applied.");
        }

        _w1.Subtract(dw1 * _learningRate, _w1);
        _b1.Subtract(dz1 * _learningRate, _b1);
        _w2.Subtract(dw2 * _learningRate, _w2);
        _b2.Subtract(dz2 * _learningRate, _b2);
        return loss;
    }
}
