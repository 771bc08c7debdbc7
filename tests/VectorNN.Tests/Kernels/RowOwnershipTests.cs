using VectorNN.Kernels;
using VectorNN.Kernels.Threading;
using VectorNN.Memory;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// The rows each part of a parallel training step owns, and the two splits that follow them: the parts together cover
/// every parameter exactly once, in whole weight rows with their own biases; the finiteness check finds a non-finite
/// gradient in any part's rows; the weight-gradient product split by those rows gives the bits of the product on one
/// thread.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class RowOwnershipTests
{
    public static TheoryData<int[], int> Layouts => new()
    {
        { [784, 256, 128, 10], 2 },
        { [784, 256, 128, 10], 3 },
        { [4, 5, 3], 2 },             // every layer smaller than one unit: one part
        { [10, 33, 17, 50], 4 },      // rows that are no multiple of the unit, and more parts than some layers have
        { [3, 1000, 1], 8 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Parts_CoverEveryParameterOnce_InWholeRowsWithTheirBiases(int[] widths, int threads)
    {
        var arena = new ParameterArena<float>(widths);
        int parts = RowOwnership.Parts(arena.Slices, threads);
        var owner = new int[arena.Count];
        Array.Fill(owner, -1);
        for (int part = 0; part < parts; part++)
        {
            var record = new Recorder(owner, part);
            RowOwnership.Visit(arena.Slices, part, threads, ref record);
        }

        Assert.DoesNotContain(-1, owner);
        Assert.Equal(Math.Min(threads, widths.Skip(1).Max(w => (w + RowOwnership.RowUnit - 1) / RowOwnership.RowUnit)), parts);
        foreach (LayerSlice layer in arena.Slices)
        {
            for (int row = 0; row < layer.Outputs; row++)
            {
                int part = owner[layer.BiasOffset + row];
                for (int column = 0; column < layer.Inputs; column++)
                {
                    Assert.Equal(part, owner[layer.WeightOffset + (row * layer.Inputs) + column]);
                }
            }
        }
    }

    // Split by rows, each thread packs all of B: the product keeps its own split once a part would have fewer than 64
    // rows, and when there is one part.
    [Theory]
    [InlineData(256, 2, true)]
    [InlineData(128, 2, true)]
    [InlineData(100, 2, true)]    // 64 + 36 rows
    [InlineData(256, 4, true)]
    [InlineData(256, 8, false)]   // 32 rows a part
    [InlineData(96, 2, false)]    // 48 rows a part
    [InlineData(256, 1, false)]
    [InlineData(10, 2, false)]
    public void SplitsProduct_OnlyWithEnoughRowsPerPart(int rows, int threads, bool expected) =>
        Assert.Equal(expected, RowOwnership.SplitsProduct(rows, threads));

    // Each position is in another part's rows or another layer: the first and last gradient, the last weight of part
    // 0's rows, the first of part 1's, a bias of part 1, and the output layer.
    [Theory]
    [InlineData(0)]
    [InlineData(127 * 784 + 783)]
    [InlineData(128 * 784)]
    [InlineData(200_704 + 200)]
    [InlineData(233_856 + 5)]
    [InlineData(235_145)]
    public void AllFinite_ByOwnedRows_FindsANonFiniteGradientInAnyPart(int position)
    {
        var gradients = new GradientBuffer<float>(new ParameterArena<float>([784, 256, 128, 10]));
        Assert.Equal(235_146, gradients.Count);
        gradients.Values.Fill(0.5f);
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            using Parallelism.Scope limit = Parallelism.Limit(threads);
            Assert.True(Reduce.AllFinite(gradients));
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
            {
                gradients.Values[position] = bad;
                Assert.False(Reduce.AllFinite(gradients));
                gradients.Values[position] = 0.5f;
            }
        }
    }

    // The weight gradients of the 784-256-128-10 network's layers at small and large batches, a layer whose rows are
    // no multiple of the unit, and one on the narrow tile (many outputs, three inputs).
    [Theory]
    [InlineData(256, 784, 32)]
    [InlineData(128, 256, 128)]
    [InlineData(256, 784, 512)]
    [InlineData(300, 100, 64)]
    [InlineData(1000, 3, 500)]
    public void WeightGradient_SplitByOwnedRows_GivesTheBitsOfOneThread(int outputs, int inputs, int batch)
    {
        var random = new Random(outputs + inputs + batch);
        double[] dz = Enumerable.Range(0, batch * outputs).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] x = Enumerable.Range(0, batch * inputs).Select(_ => random.NextDouble() - 0.5).ToArray();
        float[] dzSingle = Array.ConvertAll(dz, v => (float)v), xSingle = Array.ConvertAll(x, v => (float)v);

        T[] Product<T>(T[] a, T[] b, int threads, bool owned)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            using Parallelism.Scope limit = Parallelism.Limit(threads);
            var dw = new T[outputs * inputs];
            dw.AsSpan().Fill(T.NaN); // overwritten, never read
            if (owned)
            {
                Gemm.WeightGradient<T>(a, b, outputs, inputs, batch, dw);
            }
            else
            {
                Gemm.Multiply<T>(a, MatrixTranspose.Transposed, b, MatrixTranspose.None, outputs, inputs, batch, dw);
            }

            return dw;
        }

        int all = Environment.ProcessorCount;
        Assert.Equal(Product(dzSingle, xSingle, 1, owned: false), Product(dzSingle, xSingle, all, owned: true));
        Assert.Equal(Product(dz, x, 1, owned: false), Product(dz, x, all, owned: true));
    }

    private readonly struct Recorder(int[] owner, int part) : RowOwnership.IRangeVisitor
    {
        public void Visit(int offset, int length)
        {
            for (int i = offset; i < offset + length; i++)
            {
                Assert.Equal(-1, owner[i]);
                owner[i] = part;
            }
        }
    }
}
