using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Layers;

public sealed class FlopCountTests
{
    [Fact]
    public void Inference_IsTwoPerMultiplyAdd_OfEveryLayer()
    {
        // 2 (3 x 4 + 4 x 2) = 40.
        Assert.Equal(40, FlopCount.Inference([3, 4, 2]));

        // The figure the performance notes quote for 784-256-128-10: 0.47 MFLOP.
        Assert.Equal(469_504, FlopCount.Inference([784, 256, 128, 10]));
    }

    [Fact]
    public void TrainingStep_IsForwardPlusWeightGradients_PlusInputGradientsOfEveryLayerButTheFirst()
    {
        // Forward 40, dW 40, dX of the second layer only: 2 x 4 x 2 = 16.
        Assert.Equal(96, FlopCount.TrainingStep([3, 4, 2]));

        // One layer: no input gradient at all.
        Assert.Equal(2 * 2 * 5 * 3, FlopCount.TrainingStep([5, 3]));
        Assert.Equal(1_007_104, FlopCount.TrainingStep([784, 256, 128, 10]));
    }

    [Fact]
    public void BadWidths_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => FlopCount.Inference([3]));
        Assert.Throws<ArgumentException>(() => FlopCount.TrainingStep([3, 0, 2]));
    }
}
