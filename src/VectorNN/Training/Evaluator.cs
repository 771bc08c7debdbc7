using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Quantization;

namespace VectorNN.Training;

/// <summary>Measures a network's loss, accuracy and confusion matrix on a data set.</summary>
public static class Evaluator
{
    /// <summary>
    /// Runs <paramref name="data"/> through <paramref name="network"/> in batches and compares outputs with targets. The
    /// class of a row is its largest entry; a single-output network is read as a binary classifier, class 1 where the
    /// value is at least 1/2.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="data">Samples whose widths match the network.</param>
    /// <param name="loss">The loss to report; it must fit the network's output activation.</param>
    /// <param name="batchSize">Samples per forward pass, &gt;= 1.</param>
    /// <exception cref="ArgumentException">Widths do not match, the loss does not fit, or the batch size is below 1.</exception>
    public static Evaluation Evaluate<T>(Network<T> network, Dataset<T> data, Loss loss, int batchSize = 256)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        Trainer<T>.RequireMatchingWidths(network, data, nameof(data));
        var pass = new Backpropagation<T>(network, loss, Math.Min(batchSize, data.Count));
        int outputs = network.OutputCount;
        int[][] confusion = Confusion(outputs);
        double total = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += pass.MaxBatch)
        {
            int batch = Math.Min(pass.MaxBatch, data.Count - start);
            ReadOnlySpan<T> targets = data.Targets.Slice(start * outputs, batch * outputs);
            total += batch * pass.ComputeLoss(data.Inputs.Slice(start * network.InputCount, batch * network.InputCount), targets, batch);
            correct += Tally(targets, pass.Outputs, batch, outputs, confusion);
        }

        return new Evaluation(total / data.Count, (double)correct / data.Count, confusion, data.Count);
    }

    /// <summary>As <see cref="Evaluate{T}(Network{T}, Dataset{T}, Loss, int)"/>, for a network run in int8.</summary>
    /// <exception cref="ArgumentException">Widths do not match, the loss does not fit, or the batch size is below 1.</exception>
    public static Evaluation Evaluate(QuantizedNetwork network, Dataset<float> data, Loss loss, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        LossLayer.RequireFit(loss, network.OutputActivation, nameof(loss));
        if (data.InputWidth != network.InputCount || data.TargetWidth != network.OutputCount)
        {
            throw new ArgumentException(
                $"Expected samples of {network.InputCount} inputs and {network.OutputCount} targets (the network's), got {data.InputWidth} and {data.TargetWidth}.", nameof(data));
        }

        int outputs = network.OutputCount;
        int maxBatch = Math.Min(batchSize, data.Count);
        var logits = new float[maxBatch * outputs];
        var probabilities = new float[maxBatch * outputs];
        int[][] confusion = Confusion(outputs);
        double total = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += maxBatch)
        {
            int batch = Math.Min(maxBatch, data.Count - start);
            ReadOnlySpan<float> targets = data.Targets.Slice(start * outputs, batch * outputs);
            Span<float> z = logits.AsSpan(0, batch * outputs);
            Span<float> o = probabilities.AsSpan(0, batch * outputs);
            network.Predict(data.Inputs.Slice(start * network.InputCount, batch * network.InputCount), batch, o, z);
            total += batch * LossLayer.Value<float>(loss, z, o, targets, batch, outputs);
            correct += Tally<float>(targets, o, batch, outputs, confusion);
        }

        return new Evaluation(total / data.Count, (double)correct / data.Count, confusion, data.Count);
    }

    /// <summary>Adds each sample's (actual, predicted) pair to <paramref name="confusion"/> and returns how many were right.</summary>
    private static int Tally<T>(ReadOnlySpan<T> targets, ReadOnlySpan<T> predictions, int batch, int outputs, int[][] confusion)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int correct = 0;
        for (int s = 0; s < batch; s++)
        {
            int actual = ClassOf(targets.Slice(s * outputs, outputs));
            int predicted = ClassOf(predictions.Slice(s * outputs, outputs));
            confusion[actual][predicted]++;
            correct += actual == predicted ? 1 : 0;
        }

        return correct;
    }

    /// <summary>An empty confusion matrix; a single output is read as two classes.</summary>
    private static int[][] Confusion(int outputs)
    {
        int classes = Math.Max(outputs, 2);
        var confusion = new int[classes][];
        for (int i = 0; i < classes; i++)
        {
            confusion[i] = new int[classes];
        }

        return confusion;
    }

    private static int ClassOf<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        row.Length == 1 ? (row[0] >= T.CreateTruncating(0.5) ? 1 : 0) : Reduce.ArgMax(row);
}
