using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;

namespace VectorNN.Tests.Testing;

public sealed class NetworkCasesTests
{
    [Property(Arbitrary = new[] { typeof(NetworkCases) }, MaxTest = 200)]
    public void Any_DrawsConsistentCases_WithALossThatFitsAndTargetsOfItsKind(NetworkCase c)
    {
        Assert.InRange(c.Widths.Length, 3, 5);
        Assert.All(c.Widths, w => Assert.InRange(w, 1, NetworkCases.MaxWidth));
        Assert.InRange(c.Batch, 1, NetworkCases.MaxBatch);
        Assert.Equal(c.Widths.Length - 1, c.Activations.Length);
        Assert.DoesNotContain(Activation.Softmax, c.Activations[..^1]);
        Assert.True(c.Loss.Fits(c.Activations[^1]), c.ToString());
        Assert.Equal(c.Batch * c.Widths[0], c.Inputs.Length);
        Assert.Equal(c.Batch * c.Outputs, c.Targets.Length);
        Assert.Equal(c.Parameters, c.Build<double>().GetParameters());
        Assert.Equal(c.Widths, c.Build<float>().Widths.ToArray());
        if (c.Loss == Loss.CrossEntropy)
        {
            Assert.All(c.Targets, t => Assert.True(t is 0 or 1));
            Assert.All(c.Targets.Chunk(c.Outputs), row => Assert.Equal(1, row.Sum()));
        }
        else if (c.Loss == Loss.BinaryCrossEntropy)
        {
            Assert.All(c.Targets, t => Assert.InRange(t, 0, 1));
        }
    }

    [Property(MaxTest = 50)]
    public Property ForShape_KeepsTheGivenArchitecture() =>
        Prop.ForAll(
            NetworkCases.ForShape([3, 16, 2], [Activation.Relu, Activation.Logistic], Loss.BinaryCrossEntropy, maxBatch: 2).ToArbitrary(),
            c =>
            {
                Assert.Equal([3, 16, 2], c.Widths);
                Assert.Equal([Activation.Relu, Activation.Logistic], c.Activations);
                Assert.InRange(c.Batch, 1, 2);
                Assert.Equal(16 * 4 + 2 * 17, c.Parameters.Length);
            });

    [Fact]
    public void ForShape_RefusesALossThatDoesNotFit_AndMismatchedCounts()
    {
        Assert.Throws<ArgumentException>(() => NetworkCases.ForShape([3, 2], [Activation.Tanh], Loss.CrossEntropy));
        Assert.Throws<ArgumentException>(() => NetworkCases.ForShape([3, 4, 2], [Activation.Softmax], Loss.CrossEntropy));
        Assert.Throws<ArgumentException>(() => NetworkCases.ForShape([3, 0, 2], [Activation.Tanh, Activation.Softmax], Loss.CrossEntropy));
        Assert.Throws<ArgumentException>(() => NetworkCases.ForShape([3], [], Loss.MeanSquaredError));
    }
}
