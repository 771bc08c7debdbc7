using VectorNN.Memory;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Which rows of each layer (outputs: a weight row and its bias) a part of a parallel training step owns. The weight
/// gradients' product, the finiteness check of the gradients and the optimizer's update are all split by these rows,
/// and the first layer's forward product splits the same way for the usual widths (see <see cref="RowUnit"/>), so each
/// core finds the weights and gradients of its rows in its own L2, where the phase before left them.
/// </summary>
/// <remarks>
/// Split by any other rule (the update by flat index, the gradient product by columns), every phase reads about half
/// of what it touches from the other core's cache. On the 2-core Zen 5 guest that made the first layer's gradient
/// product, update and forward product take 140-200 us instead of 115-120 (bench/RESULTS.md, "Rows that stay on
/// their core").
/// </remarks>
internal static class RowOwnership
{
    /// <summary>
    /// Parts start on multiples of this many rows: the narrow tile's height with AVX-512, on which the first layer's
    /// forward product of up to 32 samples splits too. Larger batches split that product in 64-column panels, whose
    /// parts end on the same rows when the outputs are a multiple of 128 (two threads).
    /// </summary>
    public const int RowUnit = 16;

    /// <summary>How many parts a layer of <paramref name="rows"/> outputs has on <paramref name="threads"/> threads, and the rows per part.</summary>
    public static (int Parts, int Step) Split(int rows, int threads) => WorkerPool.Split(rows, RowUnit, threads);

    /// <summary>
    /// Whether a product whose C has <paramref name="rows"/> rows should split by these rows on
    /// <paramref name="threads"/> threads: only while a part has at least <see cref="MinProductRows"/> of them.
    /// </summary>
    /// <remarks>
    /// Split by rows, every thread packs all of B for its part, where a split by columns packs each panel once. With few
    /// rows per part the packed panels serve too few rows to pay for the repeated packing (the small-batch forward
    /// product lost about a third of its time to packing W^T for 32 rows; bench/RESULTS.md), so such a product (more
    /// than four threads on a 256-output layer) keeps its own split. The limit is a guard: the split by owned rows was
    /// measured on two cores only.
    /// </remarks>
    public static bool SplitsProduct(int rows, int threads) => Split(rows, threads) is { Parts: > 1, Step: >= MinProductRows };

    /// <summary>The fewest rows per part for which a product splits by owned rows (<see cref="SplitsProduct"/>).</summary>
    public const int MinProductRows = 64;

    /// <summary>How many parts a network's step has: the most of any of its layers.</summary>
    public static int Parts(ReadOnlySpan<LayerSlice> layers, int threads)
    {
        int parts = 1;
        foreach (LayerSlice layer in layers)
        {
            parts = Math.Max(parts, Split(layer.Outputs, threads).Parts);
        }

        return parts;
    }

    /// <summary>
    /// Visits the parameter ranges part <paramref name="part"/> owns, layer by layer: its weight rows (one contiguous
    /// range) and their biases. A part beyond a layer's parts owns none of that layer.
    /// </summary>
    public static void Visit<TVisitor>(ReadOnlySpan<LayerSlice> layers, int part, int threads, ref TVisitor visitor)
        where TVisitor : struct, IRangeVisitor
    {
        foreach (LayerSlice layer in layers)
        {
            (_, int step) = Split(layer.Outputs, threads);
            (int first, int count) = WorkerPool.Part(part, step, layer.Outputs);
            if (count > 0)
            {
                visitor.Visit(layer.WeightOffset + (first * layer.Inputs), count * layer.Inputs);
                visitor.Visit(layer.BiasOffset + first, count);
            }
        }
    }

    /// <summary>Receives the ranges of <see cref="Visit"/>.</summary>
    public interface IRangeVisitor
    {
        /// <summary>One contiguous range of parameters: its first index in the arena and its length.</summary>
        void Visit(int offset, int length);
    }
}
