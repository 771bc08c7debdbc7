using System.Numerics;
using FsCheck;
using FsCheck.Xunit;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Tests.Generators;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Optim;

public sealed class OptimizerTests
{
    private static readonly OptimizerKind[] Kinds = Enum.GetValues<OptimizerKind>();

    // The oracle bounds the error of the textbook formula evaluated in T (unit u_T) and of its own evaluation in double
    // (u_d); the difference of the two results is within the sum, so the bound uses the unit u_T + u_d. The
    // implementation evaluates algebraically equal forms with as many roundings per element ((lr / c1) m rather than
    // lr (m / c1), sqrt(v) / sqrt(c2) rather than sqrt(v / c2), fused multiply-adds), whose first-order error bounds
    // differ from the textbook form's by less than a factor of 2.
    private const double FormFactor = 2;

    [Property(Arbitrary = new[] { typeof(OptimizerCases) }, MaxTest = 100)]
    public void ConsecutiveSteps_MatchTheTextbookFormulas(OptimizerCase c)
    {
        foreach (OptimizerKind kind in Kinds)
        {
            CheckSteps<float>(kind, c);
            CheckSteps<double>(kind, c);
        }
    }

    [Fact]
    public void FrozenGroups_StayBitIdentical_AndTheOthersMove()
    {
        foreach (OptimizerKind kind in Kinds)
        {
            var arena = new ParameterArena<float>([3, 5, 2]);
            var gradients = new GradientBuffer<float>(arena);
            Fill(arena.Values, 0.25f);
            arena.Freeze(0, ParameterGroups.Biases);
            arena.Freeze(1, ParameterGroups.Weights);
            float[] before = arena.Values.ToArray();
            Optimizer<float> optimizer = Create<float>(kind, learningRate: 0.1, weightDecay: 0.01);
            optimizer.MaxGradientNorm = 0.5;
            for (int step = 0; step < 3; step++)
            {
                Fill(gradients.Values, 1.5f + step);
                optimizer.Step(arena, gradients.Values);
            }

            bool[] trainable = Trainable(arena);
            for (int i = 0; i < arena.Count; i++)
            {
                if (trainable[i])
                {
                    Assert.True(arena.Values[i] != before[i], $"{kind}: trainable parameter {i} did not move");
                }
                else
                {
                    Assert.True(
                        BitConverter.SingleToInt32Bits(arena.Values[i]) == BitConverter.SingleToInt32Bits(before[i]),
                        $"{kind}: frozen parameter {i} changed from {before[i]:R} to {arena.Values[i]:R}");
                }
            }

            Assert.Equal(3 * 5, Trainable(arena).Take(20).Count(t => t));
            Assert.Equal(2, Trainable(arena).Skip(20).Count(t => t));
        }
    }

    [Fact]
    public void Clipping_ScalesTheTrainableGradientToTheLimit_AndCountsOnlyTrainableParameters()
    {
        CheckClipping<float>();
        CheckClipping<double>();
    }

    [Fact]
    public void Clipping_LeavesAGradientBelowTheLimitUnchanged()
    {
        var arena = new ParameterArena<double>([4, 6, 3]);
        var gradients = new GradientBuffer<double>(arena);
        Fill(gradients.Values, 0.5);
        var sgd = new Sgd<double>(1) { MaxGradientNorm = 100 };
        sgd.Step(arena, gradients.Values);

        // From w = 0 with lr = 1, the parameters become -g exactly when the scale is 1.
        for (int i = 0; i < arena.Count; i++)
        {
            Assert.Equal(-gradients.Values[i], arena.Values[i]);
        }
    }

    [Fact]
    public void Clipping_OfAFloatGradientWhoseSquaresOverflow_StillScalesToTheLimit()
    {
        // 3e20^2 and 4e20^2 pass float's range: the norm 5e20 must come from the double fallback, not be infinite
        // (which would scale the gradient to zero).
        var arena = new ParameterArena<float>([1, 2]);
        var gradients = new GradientBuffer<float>(arena);
        gradients.Values[0] = 3e20f;
        gradients.Values[1] = 4e20f;
        new Sgd<float>(1) { MaxGradientNorm = 5 }.Step(arena, gradients.Values);

        // From w = 0 with lr = 1: w = -g * 5 / 5e20 = (-3, -4), within float rounding of the scale.
        Assert.Equal(-3f, arena.Values[0], 1e-5f);
        Assert.Equal(-4f, arena.Values[1], 1e-5f);
    }

    [Fact]
    public void State_IsEmptyBeforeTheFirstStep_SizedToTheArenaAfter_AndEmptyAgainAfterReset()
    {
        var arena = new ParameterArena<double>([3, 5, 2]);
        var gradients = new GradientBuffer<double>(arena);
        gradients.Values.Fill(1.0);
        var momentum = new Momentum<double>(0.1);
        var adam = new Adam<double>();
        var adamW = new AdamW<double>();
        Assert.True(momentum.Velocity.IsEmpty && adam.FirstMoment.IsEmpty && adamW.SecondMoment.IsEmpty);
        momentum.Step(arena, gradients.Values);
        adam.Step(arena, gradients.Values);
        adamW.Step(arena, gradients.Values);
        Assert.Equal(arena.Count, momentum.Velocity.Length);
        Assert.Equal(arena.Count, adam.FirstMoment.Length);
        Assert.Equal(arena.Count, adam.SecondMoment.Length);
        Assert.Equal(arena.Count, adamW.FirstMoment.Length);

        // After one step from zero state: v = g, m = (1 - b1) g, v = (1 - b2) g^2.
        Assert.Equal(1.0, momentum.Velocity[0]);
        Assert.Equal(0.1, adam.FirstMoment[0], 15);
        Assert.Equal(0.001, adam.SecondMoment[0], 15);
        adam.Reset();
        Assert.True(adam.FirstMoment.IsEmpty && adam.SecondMoment.IsEmpty && adam.StepCount == 0);
    }

    [Fact]
    public void Defaults_AreThoseOfPyTorch()
    {
        var adam = new Adam<float>();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        var adamW = new AdamW<float>();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.01), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
        var momentum = new Momentum<float>(0.1);
        Assert.Equal((0.9, false), (momentum.Coefficient, momentum.Nesterov));
        Assert.True(double.IsPositiveInfinity(momentum.MaxGradientNorm));
    }

    private static void CheckSteps<T>(OptimizerKind kind, OptimizerCase c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var arena = new ParameterArena<T>(c.Widths);
        var gradients = new GradientBuffer<T>(arena);
        for (int layer = 0; layer < c.Frozen.Length; layer++)
        {
            arena.Freeze(layer, c.Frozen[layer]);
        }

        Values.As<T>(c.Values).CopyTo(arena.Values);
        bool[] trainable = Trainable(arena);
        Optimizer<T> optimizer = Create<T>(kind, c.LearningRate, c.WeightDecay, c.Momentum, c.Beta1, c.Beta2, c.Epsilon);
        var oracle = new ReferenceOptimizer(kind, c, c.Values, ErrorBound.Unit<T>() + ErrorBound.DoubleUnit);
        for (int step = 0; step < c.Gradients.Length; step++)
        {
            double[] g = c.Gradients[step];
            double norm = TrainableNorm(g, trainable);
            double maxNorm = double.IsFinite(c.ClipRatios[step]) && norm > 0 ? c.ClipRatios[step] * norm : double.PositiveInfinity;
            optimizer.MaxGradientNorm = maxNorm;
            Values.As<T>(g).CopyTo(gradients.Values);
            optimizer.Step(arena, gradients.Values);
            oracle.Step(g, trainable, maxNorm);

            string what = $"{kind} {typeof(T).Name} step {step + 1}";
            Within(arena.Values, oracle.Values, what + " parameters");
            switch (optimizer)
            {
                case Momentum<T> m:
                    Within(m.Velocity, oracle.Velocity, what + " velocity");
                    break;
                case Adam<T> a:
                    Within(a.FirstMoment, oracle.FirstMoment, what + " first moment");
                    Within(a.SecondMoment, oracle.SecondMoment, what + " second moment");
                    break;
            }
        }
    }

    private static void Within<T>(ReadOnlySpan<T> actual, Approx[] expected, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Compare.Within(actual, Array.ConvertAll(expected, e => e.Value), i => FormFactor * expected[i].Error, what);

    private static void CheckClipping<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Layer 1's biases are frozen and get a huge gradient: counted in the norm, it would shrink the step 100-fold.
        var arena = new ParameterArena<T>([7, 9, 4]);
        var gradients = new GradientBuffer<T>(arena);
        arena.Freeze(1, ParameterGroups.Biases);
        Span<T> g = gradients.Values;
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = T.CreateChecked(((i * 37) % 11) - 5) / T.CreateChecked(8);
        }

        Fill(gradients.BiasGradients(1), T.CreateChecked(1000));
        bool[] trainable = Trainable(arena);
        double norm = TrainableNorm(Values.ToDouble<T>(g), trainable);
        const double max = 1.5;
        Assert.True(norm > 2 * max, $"test setup: the trainable norm {norm} should exceed the limit");

        // From w = 0 with lr = 1 and no decay, each trainable parameter becomes -scale g.
        var sgd = new Sgd<T>(1) { MaxGradientNorm = max };
        sgd.Step(arena, gradients.Values);
        double applied = TrainableNorm(Values.ToDouble<T>(arena.Values), trainable);

        // The scale is max / (norm + 1e-6), so the clipped norm is short of max by max 1e-6 / norm, plus roundings:
        // the norm's sum of squares (gamma_(n+1)), the scale, the products and the test's own norm.
        double bound = (max * 1e-6 / norm) + (max * ErrorBound.Gamma(trainable.Length + 4, ErrorBound.Unit<T>()));
        Assert.True(Math.Abs(applied - max) <= bound, $"{typeof(T).Name}: clipped norm {applied:R}, expected {max} within {bound:E3}");
        Assert.All(arena.Biases(1).ToArray(), b => Assert.Equal(T.Zero, b));
    }

    private static Optimizer<T> Create<T>(
        OptimizerKind kind, double learningRate, double weightDecay, double momentum = 0.9, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Optimizer<T> optimizer = kind switch
        {
            OptimizerKind.Sgd => new Sgd<T>(learningRate),
            OptimizerKind.Momentum => new Momentum<T>(learningRate, momentum),
            OptimizerKind.Nesterov => new Momentum<T>(learningRate, momentum, nesterov: true),
            OptimizerKind.Adam => new Adam<T>(learningRate, beta1, beta2, epsilon),
            _ => new AdamW<T>(learningRate, beta1, beta2, epsilon, weightDecay),
        };
        optimizer.WeightDecay = weightDecay;
        return optimizer;
    }

    private static double TrainableNorm(double[] x, bool[] trainable) =>
        Math.Sqrt(x.Where((_, i) => trainable[i]).Sum(v => v * v));

    /// <summary>Whether each parameter lies in one of the arena's trainable runs.</summary>
    private static bool[] Trainable<T>(ParameterArena<T> arena)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var trainable = new bool[arena.Count];
        foreach (Range run in arena.TrainableRanges)
        {
            trainable.AsSpan(run).Fill(true);
        }

        return trainable;
    }

    /// <summary>Distinct values of both signs around <paramref name="scale"/>, so every parameter moves differently.</summary>
    private static void Fill<T>(Span<T> span, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = scale * T.CreateChecked((((i * 7) % 13) - 6) + 0.5);
        }
    }
}
