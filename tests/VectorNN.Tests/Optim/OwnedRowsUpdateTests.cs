using System.Collections.Concurrent;
using VectorNN.Kernels;
using VectorNN.Memory;
using VectorNN.Optim;
using Xunit;

namespace VectorNN.Tests.Optim;

/// <summary>
/// The optimizer step split between threads by owned rows: the library's optimizers give the bits of one thread over
/// several steps (so their state is updated alike), frozen groups included; an optimizer derived outside the library
/// has its Update called on the stepping thread only, since it was not written to run on two runs at once.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class OwnedRowsUpdateTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Steps_OnSeveralThreads_GiveTheBitsOfOne(string name)
    {
        float[] one = Train(name, 1), several = Train(name, Environment.ProcessorCount);
        Assert.Equal(one, several);
    }

    [Fact]
    public void DerivedOptimizer_IsUpdatedOnTheSteppingThreadOnly()
    {
        var arena = new ParameterArena<float>([784, 256, 128, 10]);
        var gradients = new GradientBuffer<float>(arena);
        gradients.Values.Fill(0.25f);
        var optimizer = new ThreadRecordingSgd();
        using (Parallelism.Limit(Environment.ProcessorCount))
        {
            optimizer.Step(arena, gradients.Values);
        }

        Assert.Equal([Environment.CurrentManagedThreadId], optimizer.Threads.Distinct());
        Assert.Equal(-0.25f, arena.Values[^1]);
    }

    private static float[] Train(string name, int threads)
    {
        using Parallelism.Scope limit = Parallelism.Limit(threads);
        var arena = new ParameterArena<float>([784, 256, 128, 10]);
        arena.Freeze(1, ParameterGroups.Biases);
        arena.Freeze(2, ParameterGroups.Weights);
        var random = new Random(7);
        foreach (ref float v in arena.Values)
        {
            v = (float)(random.NextDouble() - 0.5);
        }

        Optimizer<float> optimizer = name switch
        {
            "sgd" => new Sgd<float>(0.1) { WeightDecay = 0.01 },
            "momentum" => new Momentum<float>(0.1, 0.9, nesterov: true),
            "adam" => new Adam<float>(0.01) { MaxGradientNorm = 5 },
            _ => new AdamW<float>(0.01),
        };
        var gradients = new GradientBuffer<float>(arena);
        for (int step = 0; step < 3; step++)
        {
            foreach (ref float g in gradients.Values)
            {
                g = (float)(random.NextDouble() - 0.5);
            }

            optimizer.Step(arena, gradients.Values);
        }

        return arena.Values.ToArray();
    }

    private sealed class ThreadRecordingSgd() : Optimizer<float>(1)
    {
        public ConcurrentBag<int> Threads { get; } = [];

        public override string Name => "recording-sgd";

        protected override void Allocate(int count)
        {
        }

        protected override void Release()
        {
        }

        protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, float gradientScale)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] -= gradients[i];
            }
        }
    }
}
