using System.Numerics;
using VectorNN.Optim;

namespace VectorNN.Cli.Commands;

/// <summary>The <c>--optimizer</c> names and their default learning rates.</summary>
internal static class OptimizerFactory
{
    /// <summary>Adam's customary 1e-3, and 0.01 for the SGD family.</summary>
    public static double DefaultLearningRate(string name) => name is VectorNN.Names.Adam or VectorNN.Names.AdamW ? 1e-3 : 0.01;

    public static Optimizer<T> Create<T>(string name, double learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
        {
            VectorNN.Names.Sgd => new Sgd<T>(learningRate),
            VectorNN.Names.Momentum => new Momentum<T>(learningRate),
            VectorNN.Names.Nesterov => new Momentum<T>(learningRate, nesterov: true),
            VectorNN.Names.Adam => new Adam<T>(learningRate),
            VectorNN.Names.AdamW => new AdamW<T>(learningRate),
            _ => throw new UsageException($"--optimizer: expected one of {string.Join("|", VectorNN.Names.Optimizers)}, got '{name}'."),
        };
}
