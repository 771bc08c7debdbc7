using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Training;

/// <summary>
/// The 784-256-128-10 network (ReLU hidden layers, softmax output) as the plain scalar loops a C# programmer would
/// write, over float arrays, with the naive reference kernels: the baseline of the MLP training step and of inference.
/// Parameters are laid out as VectorNN's arena (per layer the weights [out x in] row-major, then the bias), gradients in
/// a twin array. A training step does what <c>Trainer.TrainBatch</c> does with softmax cross-entropy and SGD: forward,
/// the batch's mean loss, backward, a finite check of the gradients, the update.
/// </summary>
internal sealed class NaiveMlp
{
    /// <summary>The input width and the layers' widths.</summary>
    public static readonly int[] Widths = [784, 256, 128, 10];

    private static readonly int Layers = Widths.Length - 1;
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly int[] _weightOffsets = new int[Layers];
    private readonly int[] _biasOffsets = new int[Layers];
    private readonly float[][] _activations = new float[Layers][];
    private readonly float[] _logits;
    private readonly float[] _deltaA;
    private readonly float[] _deltaB;
    private readonly float _learningRate;

    /// <summary>Starts from <paramref name="parameters"/> in VectorNN's order, with buffers for up to <paramref name="maxBatch"/> samples.</summary>
    public NaiveMlp(ReadOnlySpan<float> parameters, int maxBatch, float learningRate)
    {
        int offset = 0;
        for (int i = 0; i < Layers; i++)
        {
            _weightOffsets[i] = offset;
            _biasOffsets[i] = offset + (Widths[i + 1] * Widths[i]);
            offset = _biasOffsets[i] + Widths[i + 1];
            _activations[i] = new float[maxBatch * Widths[i + 1]];
        }

        if (parameters.Length != offset)
        {
            throw new ArgumentException($"Expected {offset} parameters, got {parameters.Length}.", nameof(parameters));
        }

        _parameters = parameters.ToArray();
        _gradients = new float[offset];
        _logits = new float[maxBatch * Widths[^1]];
        _deltaA = new float[maxBatch * Widths.Max()];
        _deltaB = new float[_deltaA.Length];
        _learningRate = learningRate;
    }

    /// <summary>A copy of the parameters in VectorNN's order.</summary>
    public float[] GetParameters() => (float[])_parameters.Clone();

    /// <summary>One sample through the matrix-vector loops: y = W x + b per layer.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        ReadOnlySpan<float> x = input;
        for (int i = 0; i < Layers; i++)
        {
            int inputs = Widths[i];
            int outputs = Widths[i + 1];
            Span<float> y = i == Layers - 1 ? _logits.AsSpan(0, outputs) : _activations[i].AsSpan(0, outputs);
            NaiveGemv.Multiply<float>(Weights(i), x, Bias(i), outputs, inputs, y);
            if (i < Layers - 1)
            {
                NaiveActivations.Relu<float>(y, y);
            }

            x = y;
        }

        NaiveActivations.Softmax(x, 1, Widths[^1], output);
    }

    /// <summary>A batch [batch x 784] through the triple-loop matrix products: Y = X W^T + b per layer.</summary>
    public void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        Forward(inputs, batch);
        _activations[^1].AsSpan(0, batch * Widths[^1]).CopyTo(outputs);
    }

    /// <summary>One SGD step on a batch with one-hot targets [batch x 10]; returns the mean cross-entropy before the update.</summary>
    public double Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch)
    {
        Forward(inputs, batch);
        int classes = Widths[^1];
        ReadOnlySpan<float> outputs = _activations[^1].AsSpan(0, batch * classes);

        // Loss: the mean over samples of logsumexp(z) - sum_k t_k z_k (targets sum to 1), in double.
        double loss = 0;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<float> z = _logits.AsSpan(s * classes, classes);
            ReadOnlySpan<float> t = targets.Slice(s * classes, classes);
            double max = double.NegativeInfinity;
            foreach (float v in z)
            {
                max = Math.Max(max, v);
            }

            double sum = 0;
            foreach (float v in z)
            {
                sum += Math.Exp(v - max);
            }

            double logSumExp = max + Math.Log(sum);
            for (int k = 0; k < classes; k++)
            {
                loss += t[k] * (logSumExp - z[k]);
            }
        }

        loss /= batch;

        // dL/dz of the output layer: (o - t) / batch; then per layer dW = dZ^T X, db = column sums of dZ, and
        // dX = dZ W, taken through the previous layer's ReLU.
        Array.Clear(_gradients);
        Span<float> dz = _deltaA.AsSpan(0, batch * classes);
        float perSample = 1f / batch;
        for (int i = 0; i < dz.Length; i++)
        {
            dz[i] = (outputs[i] - targets[i]) * perSample;
        }

        for (int i = Layers - 1; i >= 0; i--)
        {
            int fanIn = Widths[i];
            int fanOut = Widths[i + 1];
            ReadOnlySpan<float> x = i == 0 ? inputs : _activations[i - 1].AsSpan(0, batch * fanIn);

            // dW [out x in] = dZ^T [out x batch] X [batch x in]; dZ is stored [batch x out].
            NaiveGemm.Multiply<float>(
                dz, MatrixTranspose.Transposed, x, MatrixTranspose.None, fanOut, fanIn, batch,
                _gradients.AsSpan(_weightOffsets[i], fanOut * fanIn));
            Span<float> db = _gradients.AsSpan(_biasOffsets[i], fanOut);
            for (int s = 0; s < batch; s++)
            {
                for (int j = 0; j < fanOut; j++)
                {
                    db[j] += dz[(s * fanOut) + j];
                }
            }

            if (i > 0)
            {
                // dX [batch x in] = dZ [batch x out] W [out x in].
                Span<float> dx = (dz.Overlaps(_deltaA) ? _deltaB : _deltaA).AsSpan(0, batch * fanIn);
                NaiveGemm.Multiply<float>(dz, MatrixTranspose.None, Weights(i), MatrixTranspose.None, batch, fanIn, fanOut, dx);
                NaiveActivations.ReluBackward(x, dx, dx);
                dz = dx;
            }
        }

        NaiveIris.RequireFinite(loss, _gradients);
        for (int p = 0; p < _parameters.Length; p++)
        {
            _parameters[p] -= _learningRate * _gradients[p];
        }

        return loss;
    }

    private ReadOnlySpan<float> Weights(int layer) => _parameters.AsSpan(_weightOffsets[layer], Widths[layer + 1] * Widths[layer]);

    private ReadOnlySpan<float> Bias(int layer) => _parameters.AsSpan(_biasOffsets[layer], Widths[layer + 1]);

    private void Forward(ReadOnlySpan<float> inputs, int batch)
    {
        ReadOnlySpan<float> x = inputs;
        for (int i = 0; i < Layers; i++)
        {
            int fanIn = Widths[i];
            int fanOut = Widths[i + 1];
            Span<float> y = _activations[i].AsSpan(0, batch * fanOut);
            if (i < Layers - 1)
            {
                NaiveGemm.Linear(x, Weights(i), Bias(i), batch, fanIn, fanOut, y);
                NaiveActivations.Relu<float>(y, y);
            }
            else
            {
                // The output layer keeps its logits for the loss.
                Span<float> z = _logits.AsSpan(0, batch * fanOut);
                NaiveGemm.Linear(x, Weights(i), Bias(i), batch, fanIn, fanOut, z);
                NaiveActivations.Softmax<float>(z, batch, fanOut, y);
            }

            x = y;
        }
    }
}
