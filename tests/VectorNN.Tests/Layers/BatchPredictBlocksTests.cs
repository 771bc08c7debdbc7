using System.Numerics;
using System.Runtime.Intrinsics;
using VectorNN.Kernels;
using VectorNN.Kernels.Threading;
using VectorNN.Kernels.Widths;
using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Layers;

public sealed class BatchPredictBlocksTests
{
    private const int Inputs = 1000;

    [Fact]
    public void Predict_InBlocksOnTwoThreads_GivesTheOneThreadBits_WhereABlockAloneWouldTileDifferently_Float() =>
        GivesTheOneThreadBits<float>();

    [Fact]
    public void Predict_InBlocksOnTwoThreads_GivesTheOneThreadBits_WhereABlockAloneWouldTileDifferently_Double() =>
        GivesTheOneThreadBits<double>();

    [Theory]
    [InlineData(257)]
    [InlineData(1000)]
    public void Predict_InBlocksOnTwoThreads_GivesTheOneThreadBits(int batch)
    {
        // 784-256-128-10 as the benchmarks run it, on a batch just over the widest layer and on a large one.
        var network = new Network<float>(784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 3);
        AssertSameBits(network, batch);
    }

    private static void GivesTheOneThreadBits<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // A width and batch that run in blocks, where a block's rows alone would take a tiling with other depth slices
        // than the whole batch's (the 1,000 inputs span several): the blocks must tile for the batch, or their sums
        // are rounded differently. Identity activations pass every difference to the outputs.
        Network<T> network = FindNetwork<T>(out int batch);
        network.Initialize(new WeightInit.Uniform(-0.3, 0.3), 11);
        AssertSameBits(network, batch);
    }

    private static void AssertSameBits<T>(Network<T> network, int batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] inputs = [.. Enumerable.Range(0, batch * network.InputCount).Select(i => T.CreateTruncating(Math.Sin(i * 0.37) * 2))];
        var one = new T[batch * network.OutputCount];
        var two = new T[batch * network.OutputCount];
        network.Predict(inputs, batch, one, maxDegreeOfParallelism: 1);
        using (Parallelism.Limit(2))
        {
            Assert.True(InferenceBlocks<T>.Splits(network, batch), $"a batch of {batch} does not run in blocks");
        }

        network.Predict(inputs, batch, two, maxDegreeOfParallelism: 2);
        Assert.Equal(one, two);
    }

    private static Network<T> FindNetwork<T>(out int batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using Parallelism.Scope two = Parallelism.Limit(2);
        for (int width = 8; width <= 200; width++)
        {
            var network = new Network<T>(Inputs, new LayerSpec(width, Activation.Identity), new LayerSpec(7, Activation.Identity));
            for (batch = width + 1; batch <= width + 400; batch++)
            {
                // Tilings that differ in their depth slices round the sums differently; the others give the same bits.
                (_, int block) = WorkerPool.Split(batch, 6, 2);
                int whole = DepthSlice<T>(batch, width);
                if (InferenceBlocks<T>.Splits(network, batch)
                    && (DepthSlice<T>(block, width) != whole || DepthSlice<T>(batch - block, width) != whole))
                {
                    return network;
                }
            }
        }

        // No shape in the range changes its depth slice in blocks at this width: a split in blocks must still give
        // the same bits.
        batch = 301;
        return new Network<T>(Inputs, new LayerSpec(40, Activation.Identity), new LayerSpec(7, Activation.Identity));
    }

    // The depth slice (KC) of the tiling an m x n forward product takes at the current width.
    private static int DepthSlice<T>(int m, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (GemmPath path, GemmBlocking wide, GemmBlocking narrow) = Simd.Width switch
        {
            VectorWidth.Vector512 => (GemmDriver<T, Vector512<T>, Vector512Ops<T>>.ChoosePath(m, n, transposeB: true), GemmDriver<T, Vector512<T>, Vector512Ops<T>>.Blocking, GemmDriver<T, Vector512<T>, Vector512Ops<T>>.NarrowBlocking),
            VectorWidth.Vector256 => (GemmDriver<T, Vector256<T>, Vector256Ops<T>>.ChoosePath(m, n, transposeB: true), GemmDriver<T, Vector256<T>, Vector256Ops<T>>.Blocking, GemmDriver<T, Vector256<T>, Vector256Ops<T>>.NarrowBlocking),
            VectorWidth.Vector128 => (GemmDriver<T, Vector128<T>, Vector128Ops<T>>.ChoosePath(m, n, transposeB: true), GemmDriver<T, Vector128<T>, Vector128Ops<T>>.Blocking, GemmDriver<T, Vector128<T>, Vector128Ops<T>>.NarrowBlocking),
            _ => (GemmDriver<T, T, ScalarOps<T>>.ChoosePath(m, n, transposeB: true), GemmDriver<T, T, ScalarOps<T>>.Blocking, GemmDriver<T, T, ScalarOps<T>>.NarrowBlocking),
        };
        return path is GemmPath.Narrow or GemmPath.SwappedNarrow ? narrow.KC : wide.KC;
    }
}
