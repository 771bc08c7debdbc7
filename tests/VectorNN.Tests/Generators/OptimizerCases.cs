using FsCheck;
using FsCheck.Fluent;
using VectorNN.Memory;

namespace VectorNN.Tests.Generators;

/// <summary>The optimizers the properties compare with <see cref="Oracles.ReferenceOptimizer"/>.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent.</summary>
    Sgd,

    /// <summary>Classic momentum.</summary>
    Momentum,

    /// <summary>Nesterov momentum.</summary>
    Nesterov,

    /// <summary>Adam with L2 weight decay.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}

/// <summary>
/// A network's widths, its frozen groups, initial parameters, a gradient per step, a clipping ratio per step and the
/// hyperparameters. Hyperparameters other than epsilon lie on binary grids, so float and double see the same numbers.
/// </summary>
/// <param name="Widths">Input width, then each layer's output width.</param>
/// <param name="Frozen">The frozen groups of each layer.</param>
/// <param name="Values">The initial parameters, in the arena's layout.</param>
/// <param name="Gradients">One gradient per step.</param>
/// <param name="ClipRatios">
/// Per step, the gradient-norm limit as a multiple of that step's trainable gradient norm: at most 0.9 or at least 1.1,
/// so rounding cannot change whether clipping happens; infinity for no clipping.
/// </param>
/// <param name="LearningRate">lr.</param>
/// <param name="Momentum">mu.</param>
/// <param name="Beta1">b1.</param>
/// <param name="Beta2">b2.</param>
/// <param name="Epsilon">eps.</param>
/// <param name="WeightDecay">lambda.</param>
public sealed record OptimizerCase(
    int[] Widths,
    ParameterGroups[] Frozen,
    double[] Values,
    double[][] Gradients,
    double[] ClipRatios,
    double LearningRate,
    double Momentum,
    double Beta1,
    double Beta2,
    double Epsilon,
    double WeightDecay)
{
    /// <summary>Keeps failure reports short: the shape and hyperparameters, not the data.</summary>
    public override string ToString() =>
        $"OptimizerCase(widths [{string.Join(", ", Widths)}], frozen [{string.Join(", ", Frozen)}], steps {Gradients.Length}, " +
        $"clip [{string.Join(", ", ClipRatios)}], lr {LearningRate}, mu {Momentum}, b1 {Beta1}, b2 {Beta2}, eps {Epsilon}, wd {WeightDecay})";
}

/// <summary>FsCheck arbitraries for the optimizer properties.</summary>
public static class OptimizerCases
{
    /// <summary>
    /// One to three layers of widths 1 to 20, so runs range from one element (scalar path) to a few hundred (full
    /// vectors and overlapping remainders at every width); two or three steps.
    /// </summary>
    public static Arbitrary<OptimizerCase> Case() =>
        (from layers in Gen.Choose(1, 3)
         from widths in Gen.Choose(1, 20).ArrayOf(layers + 1)
         from frozen in Gen.Frequency(
             (3, Gen.Constant(ParameterGroups.None)),
             (1, Gen.Elements(ParameterGroups.Weights, ParameterGroups.Biases, ParameterGroups.All))).ArrayOf(layers)
         from values in Values.Array(Count(widths))
         from steps in Gen.Choose(2, 3)
         from gradients in Values.Array(Count(widths)).ArrayOf(steps)
         from clip in Gen.Frequency(
             (2, Gen.Constant(double.PositiveInfinity)),
             (1, Gen.Choose(10, 90).Select(i => i / 100.0)),
             (1, Gen.Choose(110, 300).Select(i => i / 100.0))).ArrayOf(steps)
         from learningRate in Gen.Choose(1, 1024).Select(i => i / 4096.0)
         from momentum in Gen.Choose(0, 255).Select(i => i / 256.0)
         from beta1 in Gen.OneOf(Gen.Constant(0.9), Gen.Choose(0, 255).Select(i => i / 256.0))
         from beta2 in Gen.OneOf(Gen.Constant(0.999), Gen.Choose(0, 1023).Select(i => i / 1024.0))
         from epsilon in Gen.Elements(1e-8, 1e-6, 1e-3, 0.1)
         from weightDecay in Gen.Frequency((1, Gen.Constant(0.0)), (2, Gen.Choose(1, 256).Select(i => i / 1024.0)))
         select new OptimizerCase(widths, frozen, values, gradients, clip, learningRate, momentum, beta1, beta2, epsilon, weightDecay))
        .ToArbitrary();

    /// <summary>Parameters of dense layers of the given widths: out x in weights and out biases per layer.</summary>
    public static int Count(int[] widths)
    {
        int count = 0;
        for (int i = 1; i < widths.Length; i++)
        {
            count += (widths[i] * widths[i - 1]) + widths[i];
        }

        return count;
    }
}
