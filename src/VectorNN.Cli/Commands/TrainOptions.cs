using System.CommandLine;

namespace VectorNN.Cli.Commands;

/// <summary>The options <c>train</c> and <c>cv</c> share: the data, the network, the loss and the optimizer, so both train alike.</summary>
internal static class TrainOptions
{
    public static readonly Option<string> TrainFile = new("--train") { Description = "Training data: CSV, or IDX images (raw or gzip).", Required = true };
    public static readonly Option<string?> TrainLabels = new("--train-labels") { Description = "IDX labels of --train (default: beside the images, by the MNIST naming convention)." };
    public static readonly Option<string?> Label = new("--label") { Description = "CSV class column, by name or 0-based index (default: the last column)." };
    public static readonly Option<string?> LayersOption = new("--layers") { Description = "Widths, input first, e.g. 784,256,128,10, at most 2^27 parameters (default: inputs,64,outputs, the outputs being the classes or the --target columns; or the --init model's)." };
    public static readonly Option<string> ActivationOption = new("--activation") { Description = "Hidden activation: identity|logistic|tanh|relu|leaky-relu.", DefaultValueFactory = _ => "relu" };
    public static readonly Option<string?> OutputOption = new("--output-activation") { Description = "Output layer's activation: softmax|logistic|identity (default: what the loss needs: softmax for cross-entropy, logistic for binary-cross-entropy, identity for mse and half-sse)." };
    public static readonly Option<string?> LossOption = new("--loss") { Description = "half-sse|mse|cross-entropy|binary-cross-entropy (default: cross-entropy; mse with --target)." };
    public static readonly Option<string> OptimizerOption = new("--optimizer") { Description = "sgd|momentum|nesterov|adam|adamw.", DefaultValueFactory = _ => "adam" };
    public static readonly Option<double?> LearningRate = new("--lr") { Description = "Learning rate, finite and >= 0 (default: 1e-3 for adam and adamw, 0.01 otherwise)." };
    public static readonly Option<int> Batch = new("--batch") { Description = "Samples per step, 1 to 65,536 (and batch x sum of widths at most 2^27).", DefaultValueFactory = _ => 32 };
    public static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data, 0 to 1,000,000 (0 with --save saves the initialized model).", DefaultValueFactory = _ => 100 };
    public static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of initialization, shuffling, --test-fraction and the cv folds.", DefaultValueFactory = _ => 1 };
    public static readonly Option<int> Threads = new("--threads") { Description = "Threads the kernels may use, 1 to 1,024 (default: the processor count); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
    public static readonly Option<string> Precision = new("--precision") { Description = "single|double.", DefaultValueFactory = _ => "single" };
    public static readonly Option<string> Normalize = new("--normalize") { Description = "zscore|minmax|none, with statistics from the training set only (stored in the model); none to train on the raw features.", DefaultValueFactory = _ => "zscore" };
    public static readonly Option<bool> NoShuffle = new("--no-shuffle") { Description = "Visit the samples in file order every epoch." };
    public static readonly Option<string?> Target = new("--target")
    {
        Description = "Regression: the target column(s), by header name or 0-based index, comma-separated (several = several outputs; a file without a header names its columns by index). Identity output and mse unless --output-activation and --loss say otherwise.",
    };

    public static readonly Option<bool> StandardizeTargets = new("--standardize-targets")
    {
        Description = "With --target: train on z-scored targets (mean and standard deviation of the training data, stored in the model and undone on prediction).",
    };
}
