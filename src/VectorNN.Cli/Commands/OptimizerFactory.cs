using System.Numerics;
using VectorNN.Optim;

namespace VectorNN.Cli.Commands;

/// <summary>The <c>--optimizer</c> names and their default learning rates.</summary>
internal static class OptimizerFactory
{
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adam", "adamw"];

    /// <summary>Adam's customary 1e-3, and 0.01 for the SGD family.</summary>
    public static double DefaultLearningRate(string name) => name is "adam" or "adamw" ? 1e-3 : 0.01;

    public static Optimizer<T> Create<T>(string name, double learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
        {
            "sgd" => new Sgd<T>(learningRate),
            "momentum" => new Momentum<T>(learningRate),
            "nesterov" => new Momentum<T>(learningRate, nesterov: true),
            "adam" => new Adam<T>(learningRate),
            "adamw" => new AdamW<T>(learningRate),
            _ => throw new UsageException($"--optimizer: expected one of {string.Join("|", Names)}, got '{name}'."),
        };
}
