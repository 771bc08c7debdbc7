using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace VectorNN.Bench.Training;

/// <summary>
/// The 784-256-128-10 network (ReLU hidden layers, softmax output) written with MathNet.Numerics matrices, as a MathNet
/// user would: the baseline beside <see cref="NaiveMlp"/> for the MLP training step and for inference. A batch is held
/// with one sample per column ([784 x batch]): MathNet stores matrices column-major, so that matrix binds the row-major
/// [batch x 784] sample array without a copy (<see cref="Samples"/>), and each layer is Z = W X + b. The products write
/// into matrices allocated once and the update runs in place; the softmax and the loss go column by column. Runs on
/// MathNet's managed provider on one thread (<see cref="UseManagedSingleThreaded"/>).
/// </summary>
internal sealed class MathNetMlp
{
    private static readonly int[] Widths = NaiveMlp.Widths;
    private static readonly int Layers = Widths.Length - 1;
    private readonly Matrix<float>[] _weights = new Matrix<float>[Layers];
    private readonly Vector<float>[] _biases = new Vector<float>[Layers];
    private readonly Matrix<float>[] _weightGradients = new Matrix<float>[Layers];
    private readonly Func<int, int, float, float>[] _addBias = new Func<int, int, float, float>[Layers];
    private readonly Matrix<float>[] _activations = new Matrix<float>[Layers];
    private readonly Matrix<float>[] _deltas = new Matrix<float>[Layers];
    private readonly Matrix<float>[] _reluMasks = new Matrix<float>[Layers];
    private readonly Matrix<float> _outputs;
    private readonly Vector<float>[] _sampleActivations = new Vector<float>[Layers];
    private readonly int _batch;
    private readonly float _learningRate;

    /// <summary>Starts from <paramref name="parameters"/> in VectorNN's order, for batches of exactly <paramref name="batch"/> samples.</summary>
    public MathNetMlp(float[] parameters, int batch, float learningRate)
    {
        int offset = 0;
        for (int i = 0; i < Layers; i++)
        {
            int fanIn = Widths[i];
            int fanOut = Widths[i + 1];
            int start = offset;
            _weights[i] = Matrix<float>.Build.Dense(fanOut, fanIn, (r, c) => parameters[start + (r * fanIn) + c]);
            Vector<float> bias = Vector<float>.Build.Dense(fanOut, j => parameters[start + (fanOut * fanIn) + j]);
            _biases[i] = bias;
            _addBias[i] = (r, _, v) => v + bias[r];
            _weightGradients[i] = Matrix<float>.Build.Dense(fanOut, fanIn);
            _activations[i] = Matrix<float>.Build.Dense(fanOut, batch);
            _deltas[i] = Matrix<float>.Build.Dense(fanOut, batch);
            _reluMasks[i] = Matrix<float>.Build.Dense(fanOut, batch);
            _sampleActivations[i] = Vector<float>.Build.Dense(fanOut);
            offset = start + (fanOut * fanIn) + fanOut;
        }

        if (parameters.Length != offset)
        {
            throw new ArgumentException($"Expected {offset} parameters, got {parameters.Length}.", nameof(parameters));
        }

        _outputs = Matrix<float>.Build.Dense(Widths[^1], batch);
        _batch = batch;
        _learningRate = learningRate;
    }

    /// <summary>
    /// MathNet's managed linear-algebra provider (not MKL), on one thread: its products otherwise spread over every core,
    /// and the baselines are single-threaded.
    /// </summary>
    public static void UseManagedSingleThreaded()
    {
        Control.UseManaged();
        Control.UseSingleThread();
    }

    /// <summary>A [width x batch] matrix over the row-major [batch x width] array, without a copy: column j is sample j.</summary>
    public static Matrix<float> Samples(float[] rowMajor, int width, int batch) => Matrix<float>.Build.Dense(width, batch, rowMajor);

    /// <summary>A copy of the parameters in VectorNN's order.</summary>
    public float[] GetParameters()
    {
        var values = new List<float>();
        for (int i = 0; i < Layers; i++)
        {
            values.AddRange(_weights[i].ToRowMajorArray());
            values.AddRange(_biases[i]);
        }

        return [.. values];
    }

    /// <summary>One sample through matrix-vector products: y = W x + b per layer.</summary>
    public Vector<float> Predict(Vector<float> x)
    {
        for (int i = 0; i < Layers; i++)
        {
            Vector<float> y = _sampleActivations[i];
            _weights[i].Multiply(x, y);
            y.Add(_biases[i], y);
            if (i < Layers - 1)
            {
                y.PointwiseMaximum(0f, y);
            }

            x = y;
        }

        Vector<float> e = (x - x.Maximum()).PointwiseExp();
        return e / e.Sum();
    }

    /// <summary>A batch ([784 x batch], see <see cref="Samples"/>) through the matrix products; returns the probabilities [10 x batch].</summary>
    public Matrix<float> Predict(Matrix<float> inputs)
    {
        Forward(inputs);
        return _outputs;
    }

    /// <summary>One SGD step on a batch with one-hot targets [10 x batch]; returns the mean cross-entropy before the update.</summary>
    public double Step(Matrix<float> inputs, Matrix<float> targets)
    {
        double loss = Forward(inputs, targets);

        // dZ = (O - T) / batch at the output; per layer dW = dZ X^T, db = row sums of dZ, dX = W^T dZ through the ReLU
        // of the layer below (its outputs' signs are the derivative's 0/1 mask).
        Matrix<float> dz = _deltas[Layers - 1];
        _outputs.Subtract(targets, dz);
        dz.Multiply(1f / _batch, dz);
        var biasGradients = new Vector<float>[Layers];
        for (int i = Layers - 1; i >= 0; i--)
        {
            Matrix<float> x = i == 0 ? inputs : _activations[i - 1];
            dz.TransposeAndMultiply(x, _weightGradients[i]);
            biasGradients[i] = dz.RowSums();
            if (i > 0)
            {
                Matrix<float> dx = _deltas[i - 1];
                _weights[i].TransposeThisAndMultiply(dz, dx);
                x.PointwiseSign(_reluMasks[i - 1]);
                dx.PointwiseMultiply(_reluMasks[i - 1], dx);
                dz = dx;
            }
        }

        bool finite = double.IsFinite(loss);
        for (int i = 0; i < Layers; i++)
        {
            finite &= _weightGradients[i].ForAll(float.IsFinite) && biasGradients[i].ForAll(float.IsFinite);
        }

        if (!finite)
        {
            throw new InvalidOperationException("The loss or a gradient is not finite; the update was not applied.");
        }

        for (int i = 0; i < Layers; i++)
        {
            _weightGradients[i].Multiply(_learningRate, _weightGradients[i]);
            _weights[i].Subtract(_weightGradients[i], _weights[i]);
            _biases[i].Subtract(biasGradients[i] * _learningRate, _biases[i]);
        }

        return loss;
    }

    private double Forward(Matrix<float> inputs, Matrix<float>? targets = null)
    {
        Matrix<float> x = inputs;
        for (int i = 0; i < Layers; i++)
        {
            Matrix<float> z = _activations[i];
            _weights[i].Multiply(x, z);
            z.MapIndexedInplace(_addBias[i], Zeros.Include);
            if (i < Layers - 1)
            {
                z.PointwiseMaximum(0f, z);
            }

            x = z;
        }

        // Softmax of each column (sample) of the logits, and the cross-entropy logsumexp(z) - t . z in double.
        double loss = 0;
        for (int j = 0; j < _batch; j++)
        {
            Vector<float> logits = x.Column(j);
            float max = logits.Maximum();
            Vector<float> e = (logits - max).PointwiseExp();
            float sum = e.Sum();
            _outputs.SetColumn(j, e / sum);
            if (targets is not null)
            {
                loss += max + Math.Log(sum) - targets.Column(j).DotProduct(logits);
            }
        }

        return loss / _batch;
    }
}
