using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;

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
        int classes = Math.Max(outputs, 2);
        var confusion = new int[classes][];
        for (int i = 0; i < classes; i++)
        {
            confusion[i] = new int[classes];
        }

        double total = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += pass.MaxBatch)
        {
            int batch = Math.Min(pass.MaxBatch, data.Count - start);
            ReadOnlySpan<T> targets = data.Targets.Slice(start * outputs, batch * outputs);
            total += batch * pass.ComputeLoss(data.Inputs.Slice(start * network.InputCount, batch * network.InputCount), targets, batch);
            for (int s = 0; s < batch; s++)
            {
                int actual = ClassOf(targets.Slice(s * outputs, outputs));
                int predicted = ClassOf(pass.Outputs.Slice(s * outputs, outputs));
                confusion[actual][predicted]++;
                correct += actual == predicted ? 1 : 0;
            }
        }

        return new Evaluation(total / data.Count, (double)correct / data.Count, confusion, data.Count);
    }

    private static int ClassOf<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        row.Length == 1 ? (row[0] >= T.CreateTruncating(0.5) ? 1 : 0) : Reduce.ArgMax(row);
}
