using VectorNN.Kernels;
using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Layers;

// A batch large enough that ActivationLayer.Forward splits its rows between threads: 300 rows (the last part shorter
// than the others) of 257 columns (parts end mid-vector).
[Collection(SequentialCollection.Name)]
public sealed class ActivationLayerTests
{
    private const int Rows = 300;
    private const int Columns = 257;

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Logistic)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Softmax)]
    public void Forward_OfABatchSplitBetweenThreads_EqualsTheKernelsAppliedRowByRow(Activation activation)
    {
        var random = new Random(3);
        float[] z = Enumerable.Range(0, Rows * Columns).Select(_ => (float)((random.NextDouble() - 0.5) * 12)).ToArray();
        var expected = new float[z.Length];
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> row = z.AsSpan(r * Columns, Columns);
            Span<float> target = expected.AsSpan(r * Columns, Columns);
            switch (activation)
            {
                case Activation.Identity: row.CopyTo(target); break;
                case Activation.Logistic: ActivationKernels.Logistic(row, target); break;
                case Activation.Tanh: ActivationKernels.Tanh(row, target); break;
                case Activation.Relu: ActivationKernels.Relu(row, target); break;
                case Activation.LeakyRelu: ActivationKernels.LeakyRelu(row, (float)ActivationLayer.LeakyReluSlope, target); break;
                default: ActivationKernels.Softmax(row, 1, Columns, target); break;
            }
        }

        using Parallelism.Scope limit = Parallelism.Limit(2);
        var y = new float[z.Length];
        ActivationLayer.Forward<float>(activation, z, Rows, Columns, y);
        Assert.Equal(expected, y);

        // In place, as Network.Predict applies it.
        ActivationLayer.Forward<float>(activation, z, Rows, Columns, z);
        Assert.Equal(expected, z);
    }

    [Fact]
    public void Forward_OfALargeBatch_RejectsBadArguments_BeforeWritingAnyRow()
    {
        using Parallelism.Scope limit = Parallelism.Limit(2);
        const int n = Rows * Columns, shift = (n / 2) + 5;
        float[] buffer = Enumerable.Repeat(-1f, n + shift).ToArray();
        var y = Enumerable.Repeat(7f, n).ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationLayer.Forward<float>((Activation)99, buffer.AsSpan(0, n), Rows, Columns, y));
        Assert.All(y, v => Assert.Equal(7f, v));

        // The output half a batch past the input: neither in place nor disjoint, though each part's own rows would be.
        Assert.Throws<ArgumentException>(() => ActivationLayer.Forward<float>(Activation.Relu, buffer.AsSpan(0, n), Rows, Columns, buffer.AsSpan(shift)));
        Assert.All(buffer, v => Assert.Equal(-1f, v));
    }
}
