using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Training;

/// <summary>
/// The Iris tutorial's online SGD step (4-5-3, tanh hidden, softmax output, half sum of squared errors through the full
/// softmax Jacobian) as the plain scalar loops a C# programmer would write, over float arrays, with the naive reference
/// kernels: the baseline of <see cref="IrisStepBench"/>. Parameters are laid out as VectorNN's arena (per layer the
/// weights [out x in] row-major, then the bias), gradients in a twin array, and the step does what
/// <c>Trainer.TrainBatch</c> does: forward, loss, backward, a finite check of the gradients, the update.
/// </summary>
internal sealed class NaiveIris
{
    private const int Inputs = 4;
    private const int Hidden = 5;
    private const int Outputs = 3;
    private const int W1 = 0;
    private const int B1 = W1 + (Hidden * Inputs);
    private const int W2 = B1 + Hidden;
    private const int B2 = W2 + (Outputs * Hidden);
    private const int Count = B2 + Outputs;

    private readonly float[] _parameters = new float[Count];
    private readonly float[] _gradients = new float[Count];
    private readonly float[] _hidden = new float[Hidden];
    private readonly float[] _logits = new float[Outputs];
    private readonly float[] _outputs = new float[Outputs];
    private readonly float[] _outputGradient = new float[Outputs];
    private readonly float[] _logitGradient = new float[Outputs];
    private readonly float[] _hiddenGradient = new float[Hidden];
    private readonly float _learningRate;

    /// <summary>Starts from <paramref name="parameters"/> in VectorNN's order.</summary>
    public NaiveIris(ReadOnlySpan<float> parameters, float learningRate)
    {
        parameters.CopyTo(_parameters);
        _learningRate = learningRate;
    }

    /// <summary>A copy of the parameters in VectorNN's order.</summary>
    public float[] GetParameters() => (float[])_parameters.Clone();

    /// <summary>One step on one sample; returns the loss before the update.</summary>
    public double Step(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        ReadOnlySpan<float> p = _parameters;

        // Forward: h = tanh(W1 x + b1), o = softmax(W2 h + b2).
        NaiveGemv.Multiply<float>(p.Slice(W1, Hidden * Inputs), input, p.Slice(B1, Hidden), Hidden, Inputs, _hidden);
        NaiveActivations.Tanh<float>(_hidden, _hidden);
        NaiveGemv.Multiply<float>(p.Slice(W2, Outputs * Hidden), _hidden, p.Slice(B2, Outputs), Outputs, Hidden, _logits);
        NaiveActivations.Softmax<float>(_logits, 1, Outputs, _outputs);

        // E = 1/2 sum (o - t)^2; dE/do = o - t; dE/dz = J^T dE/do with the softmax Jacobian J = diag(o) - o o^T.
        double loss = 0;
        for (int k = 0; k < Outputs; k++)
        {
            double d = (double)_outputs[k] - target[k];
            loss += d * d;
            _outputGradient[k] = (float)d;
        }

        loss *= 0.5;
        NaiveActivations.SoftmaxBackward<float>(_outputs, _outputGradient, 1, Outputs, _logitGradient);

        // Backward: dW2 = dz h^T, db2 = dz, dh = W2^T dz, dz1 = dh (1 - h^2), dW1 = dz1 x^T, db1 = dz1.
        Span<float> g = _gradients;
        g.Clear();
        NaiveGer.Accumulate<float>(_logitGradient, _hidden, Outputs, Hidden, g.Slice(W2, Outputs * Hidden));
        _logitGradient.CopyTo(g.Slice(B2, Outputs));
        NaiveGemv.MultiplyTransposed<float>(p.Slice(W2, Outputs * Hidden), _logitGradient, Outputs, Hidden, _hiddenGradient);
        NaiveActivations.TanhBackward<float>(_hidden, _hiddenGradient, _hiddenGradient);
        NaiveGer.Accumulate<float>(_hiddenGradient, input, Hidden, Inputs, g.Slice(W1, Hidden * Inputs));
        _hiddenGradient.CopyTo(g.Slice(B1, Hidden));

        RequireFinite(loss, _gradients);
        for (int i = 0; i < Count; i++)
        {
            _parameters[i] -= _learningRate * _gradients[i];
        }

        return loss;
    }

    /// <summary>The trainer's divergence check: a finite loss and finite gradients before any update.</summary>
    internal static void RequireFinite(double loss, float[] gradients)
    {
        bool finite = double.IsFinite(loss);
        for (int i = 0; i < gradients.Length; i++)
        {
            finite &= float.IsFinite(gradients[i]);
        }

        if (!finite)
        {
            throw new InvalidOperationException("The loss or a gradient is not finite; the update was not applied.");
        }
    }
}
