using System.CommandLine;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using static VectorNN.Cli.Commands.TrainOptions;

namespace VectorNN.Cli.Commands;

/// <summary>
/// The <see cref="TrainOptions"/> of one command line, parsed and checked before any file is read, and what <c>train</c>
/// and <c>cv</c> build from them alike: a new network for the data, its optimizer and the trainer's options.
/// </summary>
internal sealed class TrainingSetup
{
    private TrainingSetup(ParseResult result)
    {
        Batch = OptionParsing.InRange(result.GetValue(TrainOptions.Batch), "--batch", 1, OptionParsing.MaxBatch);
        Epochs = OptionParsing.InRange(result.GetValue(TrainOptions.Epochs), "--epochs", 0, OptionParsing.MaxEpochs);
        Threads = OptionParsing.InRange(result.GetValue(TrainOptions.Threads), "--threads", 1, OptionParsing.MaxThreads);
        Seed = result.GetValue(TrainOptions.Seed);
        GivenLoss = result.GetValue(LossOption) is string lossName ? OptionParsing.Loss(lossName) : null;
        OptimizerName = result.GetValue(OptimizerOption)!;
        LearningRate = OptionParsing.Rate(result.GetValue(TrainOptions.LearningRate) ?? OptimizerFactory.DefaultLearningRate(OptimizerName), "--lr");

        // Created once here for the name's check, so a misspelt optimizer fails before the data is read.
        _ = OptimizerFactory.Create<float>(OptimizerName, LearningRate);
        if (!Data.Normalization.TryParseMethod(result.GetValue(Normalize), out NormalizationMethod method))
        {
            throw new UsageException($"--normalize: expected zscore|minmax|none, got '{result.GetValue(Normalize)}'.");
        }

        Normalization = method;
        Shuffle = !result.GetValue(NoShuffle);
        if (result.GetValue(LayersOption) is string text)
        {
            Layers = OptionParsing.Layers(text);
            OptionParsing.CheckParameters(Layers, "--layers");
        }

        Hidden = OptionParsing.Activation(result.GetValue(ActivationOption)!, "--activation");
        if (Hidden == Activation.Softmax)
        {
            throw new UsageException("--activation: softmax is for the output layer only (--output).");
        }

        Output = result.GetValue(OutputOption) is string o ? OptionParsing.Activation(o, "--output-activation") : null;
    }

    public int Batch { get; }

    public int Epochs { get; }

    public int Threads { get; }

    public ulong Seed { get; }

    /// <summary>The <c>--loss</c> given, or null for the default of the task.</summary>
    public Loss? GivenLoss { get; }

    public string OptimizerName { get; }

    public double LearningRate { get; }

    public NormalizationMethod Normalization { get; }

    public bool Shuffle { get; }

    /// <summary>The <c>--layers</c> widths, or null for the default (one hidden layer of 64).</summary>
    public int[]? Layers { get; }

    public Activation Hidden { get; }

    /// <summary>The <c>--output-activation</c> given, or null for what the loss needs.</summary>
    public Activation? Output { get; }

    /// <summary>Parses and checks the options; a bad one is a <see cref="UsageException"/>.</summary>
    public static TrainingSetup Parse(ParseResult result) => new(result);

    /// <summary>The loss: the one given, or cross-entropy for classes and the mean squared error for <c>--target</c>.</summary>
    public Loss LossFor(bool regression) => GivenLoss ?? (regression ? Loss.MeanSquaredError : Loss.CrossEntropy);

    /// <summary>A fresh optimizer as the options name it.</summary>
    public Optimizer<T> CreateOptimizer<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => OptimizerFactory.Create<T>(OptimizerName, LearningRate);

    /// <summary>
    /// A new network for <paramref name="train"/>, initialized from <see cref="Seed"/>, with <paramref name="dropout"/>
    /// (one rate per layer, or null for none).
    /// </summary>
    public Network<T> Build<T>(Dataset<T> train, Loss loss, double[]? dropout = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int[] widths = Layers ?? [train.InputWidth, 64, train.TargetWidth];
        CheckWidths(widths, train);
        Activation output = Output ?? OptionParsing.OutputFor(loss);
        if (!loss.Fits(output))
        {
            throw new UsageException($"--loss {Names.Of(loss)} needs {(loss == Loss.CrossEntropy ? "--output softmax" : "--output logistic")}, got --output {Names.Of(output)}.");
        }

        var specs = new LayerSpec[widths.Length - 1];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = new LayerSpec(widths[i + 1], i == specs.Length - 1 ? output : Hidden);
        }

        var network = new Network<T>(widths[0], RegularizationOptions.WithRates(specs, dropout));
        network.Initialize(Hidden is Activation.Relu or Activation.LeakyRelu ? new WeightInit.He() : new WeightInit.Glorot(), Seed);
        return network;
    }

    /// <summary>The trainer's options for <paramref name="network"/> on <paramref name="sampleCount"/> samples; checks the activations' size.</summary>
    public TrainingOptions TrainingOptions<T>(Network<T> network, Loss loss, int sampleCount)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // A batch larger than the data trains exactly as one of the data's size, without buffers for the rest.
        int stepBatch = Math.Min(Batch, sampleCount);
        OptionParsing.CheckActivations([network.InputCount, .. network.Parameters.Slices.ToArray().Select(l => l.Outputs)], stepBatch);
        return new TrainingOptions
        {
            Loss = loss,
            Epochs = Epochs,
            BatchSize = stepBatch,
            Seed = Seed,
            Shuffle = Shuffle,
            MaxDegreeOfParallelism = Threads,
        };
    }

    /// <summary>Widths that fit the data: the inputs first, the classes or targets last.</summary>
    public static void CheckWidths<T>(int[] widths, Dataset<T> train)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (widths[0] != train.InputWidth || widths[^1] != train.TargetWidth)
        {
            throw new UsageException(
                $"--layers {string.Join(",", widths)}: the data has {train.InputWidth} inputs and {train.TargetWidth} targets, so the layers must start with {train.InputWidth} and end with {train.TargetWidth}.");
        }
    }

    /// <summary>
    /// <c>--target</c> and what it excludes, before any file is read: regression has no class column, no IDX labels
    /// (<paramref name="classOptions"/>), no classification loss and no softmax output. Null for classification.
    /// </summary>
    /// <param name="result">The command line.</param>
    /// <param name="classOptions">The command's options that only classification takes.</param>
    /// <param name="resuming">Whether an <c>--init</c> model may supply the targets and their standardization.</param>
    public string[]? Targets(ParseResult result, IEnumerable<Option<string?>> classOptions, bool resuming)
    {
        string[]? targets = result.GetValue(Target) is string text ? Regression.ParseTargets(text) : null;
        if (targets is null)
        {
            if (result.GetValue(StandardizeTargets) && !resuming)
            {
                throw new UsageException("--standardize-targets: needs --target, the regression target columns to standardize.");
            }

            return null;
        }

        foreach (Option<string?> option in classOptions)
        {
            if (result.GetValue(option) is not null)
            {
                throw new UsageException($"--target and {option.Name}: {option.Name} is for classification; a regression run takes its targets from --target alone.");
            }
        }

        if (GivenLoss is Loss.CrossEntropy or Loss.BinaryCrossEntropy)
        {
            throw new UsageException($"--loss {Names.Of(GivenLoss.Value)} is a classification loss; with --target use mse or half-sse.");
        }

        if (Output == Activation.Softmax)
        {
            throw new UsageException("--output-activation softmax makes class probabilities; with --target use identity (the default), or another activation whose range holds the targets.");
        }

        return targets;
    }
}
