using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Spectre.Console;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary><c>train</c>: trains a network on a CSV or IDX file, reports every epoch, saves and plots.</summary>
internal static class TrainCommand
{
    private static readonly Option<string> TrainFile = new("--train") { Description = "Training data: CSV, or IDX images (raw or gzip).", Required = true };
    private static readonly Option<string?> TestFile = new("--test") { Description = "Test data, in the training data's format." };
    private static readonly Option<double?> TestFraction = new("--test-fraction") { Description = "Hold out this fraction of each class of the training data as the test set (seeded)." };
    private static readonly Option<string?> TrainLabels = new("--train-labels") { Description = "IDX labels of --train (default: beside the images, by the MNIST naming convention)." };
    private static readonly Option<string?> TestLabels = new("--test-labels") { Description = "IDX labels of --test." };
    private static readonly Option<string?> Label = new("--label") { Description = "CSV class column, by name or 0-based index (default: the last column)." };
    private static readonly Option<string?> LayersOption = new("--layers") { Description = "Widths, input first, e.g. 784,256,128,10, at most 2^27 parameters (default: inputs,64,classes; or the --init model's)." };
    private static readonly Option<string> ActivationOption = new("--activation") { Description = "Hidden activation: identity|logistic|tanh|relu|leaky-relu.", DefaultValueFactory = _ => "relu" };
    private static readonly Option<string?> OutputOption = new("--output-activation") { Description = "Output layer's activation: softmax|logistic|identity (default: what the loss needs; softmax for cross-entropy)." };
    private static readonly Option<string> LossOption = new("--loss") { Description = "half-sse|mse|cross-entropy|binary-cross-entropy.", DefaultValueFactory = _ => "cross-entropy" };
    private static readonly Option<string> OptimizerOption = new("--optimizer") { Description = "sgd|momentum|nesterov|adam|adamw.", DefaultValueFactory = _ => "adam" };
    private static readonly Option<double?> LearningRate = new("--lr") { Description = "Learning rate, finite and >= 0 (default: 1e-3 for adam and adamw, 0.01 otherwise)." };
    private static readonly Option<int> Batch = new("--batch") { Description = "Samples per step, 1 to 65,536 (and batch x sum of widths at most 2^27).", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data, 0 to 1,000,000 (0 with --save saves the initialized model).", DefaultValueFactory = _ => 10 };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of initialization, shuffling and --test-fraction.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Threads the kernels may use, 1 to 1,024 (default: the processor count); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<string> Precision = new("--precision") { Description = "single|double.", DefaultValueFactory = _ => "single" };
    private static readonly Option<string> Normalize = new("--normalize") { Description = "zscore|minmax|none, with statistics from the training set only (stored in the model).", DefaultValueFactory = _ => "none" };
    private static readonly Option<string?> Init = new("--init") { Description = "Start from this saved model (fine-tuning; with its optimizer state beside it, the run resumes exactly where it stopped)." };
    private static readonly Option<string?> Save = new("--save") { Description = "Save the trained model (safetensors) here, with its optimizer state beside it." };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write a PNG of loss and accuracy per epoch, train and test." };
    private static readonly Option<bool> NoShuffle = new("--no-shuffle") { Description = "Visit the samples in file order every epoch." };
    private static readonly Option<bool> SaveOnInterrupt = new("--save-on-interrupt") { Description = "On SIGINT or SIGTERM, save the partially trained model to --save (else existing files stay untouched)." };

    public static Command Create()
    {
        var command = new Command("train", "Train a network on CSV or IDX data.");
        foreach (Option option in new Option[]
                 {
                     TrainFile, TestFile, TestFraction, TrainLabels, TestLabels, Label, LayersOption, ActivationOption, OutputOption,
                     LossOption, OptimizerOption, LearningRate, Batch, Epochs, Seed, Threads, Precision, Normalize, Init, Save, Plot, NoShuffle, SaveOnInterrupt,
                     RegularizationOptions.ClassWeight, RegularizationOptions.Dropout,
                 })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => result.GetValue(Precision) switch
        {
            "single" => new Run<float>(result).Execute(),
            "double" => new Run<double>(result).Execute(),
            string other => throw new UsageException($"--precision: expected single or double, got '{other}'."),
            null => throw new UsageException("--precision: expected single or double."),
        });
        return command;
    }

    /// <summary>One training run in precision <typeparamref name="T"/>.</summary>
    private sealed class Run<T>(ParseResult result)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly bool json = result.GetValue(GlobalOptions.Json);
        private int[]? layers;
        private Activation hidden;
        private Activation? output;
        private double[]? dropout;
        private double[]? classWeights;
        private string? stoppedBy;
        private BatchReport lastBatch;
        private int exitCode;

        public int Execute()
        {
            // Every option is checked before any file is read.
            int batch = OptionParsing.InRange(result.GetValue(Batch), "--batch", 1, OptionParsing.MaxBatch);
            int epochs = OptionParsing.InRange(result.GetValue(Epochs), "--epochs", 0, OptionParsing.MaxEpochs);
            int threads = OptionParsing.InRange(result.GetValue(Threads), "--threads", 1, OptionParsing.MaxThreads);
            ulong seed = result.GetValue(Seed);
            Loss loss = OptionParsing.Loss(result.GetValue(LossOption)!);
            string optimizerName = result.GetValue(OptimizerOption)!;
            double lr = OptionParsing.Rate(result.GetValue(LearningRate) ?? OptimizerFactory.DefaultLearningRate(optimizerName), "--lr");
            Optimizer<T> optimizer = OptimizerFactory.Create<T>(optimizerName, lr);
            if (!Data.Normalization.TryParseMethod(result.GetValue(Normalize), out NormalizationMethod method))
            {
                throw new UsageException($"--normalize: expected zscore|minmax|none, got '{result.GetValue(Normalize)}'.");
            }

            ValidateNetworkOptions();
            classWeights = RegularizationOptions.ExplicitClassWeights(result);
            ValidateFiles();

            LoadedModel? start = result.GetValue(Init) is string initPath ? ModelFile.Load(initPath) : null;
            Dataset<T> train = DataSource.Load<T>(result.GetValue(TrainFile)!, result.GetValue(TrainLabels), result.GetValue(Label), start?.Metadata.Classes);
            Dataset<T>? test = LoadTest(ref train, seed);

            Network<T> network = start is null ? Build(train, loss, seed) : FromModel(start, train, loss);
            Normalization normalization = start?.Metadata.Normalization ?? Data.Normalization.Fit(method, train.Inputs, train.InputWidth);
            train = DataSource.Normalized(train, normalization);
            test = test is null ? null : DataSource.Normalized(test, normalization);
            train = RegularizationOptions.Apply(result, ref classWeights, train);
            TrainingState? resumed = null;
            if (start is not null && result.GetValue(Init) is string init)
            {
                OptimizerStateFile.TryLoad(init, start, optimizer, network.Parameters, out resumed);
            }

            // A batch larger than the data trains exactly as one of the data's size, without buffers for the rest.
            int stepBatch = Math.Min(batch, train.Count);
            OptionParsing.CheckActivations([network.InputCount, .. network.Parameters.Slices.ToArray().Select(l => l.Outputs)], stepBatch);
            var options = new TrainingOptions
            {
                Loss = loss,
                Epochs = epochs,
                BatchSize = stepBatch,
                Seed = seed,
                Shuffle = !result.GetValue(NoShuffle),
                MaxDegreeOfParallelism = threads,
            };
            var trainer = new Trainer<T>(network, optimizer, options);
            trainer.State = resumed ?? trainer.State;
            List<EpochRow> rows = Train(trainer, train, test, plotting: result.GetValue(Plot) is not null);
            if (stoppedBy is not null && !result.GetValue(SaveOnInterrupt))
            {
                throw Interrupted("nothing was saved (--save-on-interrupt saves the partial model)");
            }

            if (result.GetValue(Save) is string savePath)
            {
                ModelFile.Save(savePath, network, new ModelMetadata { Loss = loss, Normalization = normalization, Classes = train.ClassNames }, optimizer, trainer.State);
            }

            if (stoppedBy is not null)
            {
                throw Interrupted(result.GetValue(Save) is string saved ? $"the partial model was saved to {saved}" : "there was no --save to save to");
            }

            if (result.GetValue(Plot) is string plotPath)
            {
                TrainingPlot.Save(plotPath, rows);
            }

            Report(rows, network, loss);
            return ExitCodes.Success;
        }

        /// <summary>The layer, activation and output options, parsed and checked before any work.</summary>
        private void ValidateNetworkOptions()
        {
            if (result.GetValue(LayersOption) is string text)
            {
                layers = OptionParsing.Layers(text);
                OptionParsing.CheckParameters(layers, "--layers");
            }

            hidden = OptionParsing.Activation(result.GetValue(ActivationOption)!, "--activation");
            if (hidden == Activation.Softmax)
            {
                throw new UsageException("--activation: softmax is for the output layer only (--output).");
            }

            output = result.GetValue(OutputOption) is string o ? OptionParsing.Activation(o, "--output-activation") : null;
            if (result.GetValue(RegularizationOptions.Dropout) is not null && result.GetValue(Init) is not null)
            {
                throw new UsageException("--dropout: an --init model keeps the dropout rates it was saved with; leave --dropout out.");
            }

            dropout = RegularizationOptions.Rates(result, layers is null ? 1 : layers.Length - 2);
        }

        /// <summary>The file options that do not need the data: paths to write to, and the test set's source.</summary>
        private void ValidateFiles()
        {
            foreach (Option<string?> option in new[] { Save, Plot })
            {
                if (result.GetValue(option) is string path)
                {
                    OptionParsing.OutputPath(path, option.Name);
                }
            }

            if (result.GetValue(TestFile) is not null && result.GetValue(TestFraction) is not null)
            {
                throw new UsageException("--test and --test-fraction: give one or the other.");
            }

            if (result.GetValue(TestFraction) is double f && !(f > 0 && f < 1))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--test-fraction: expected a fraction between 0 and 1 (both excluded), got {f}."));
            }

            if (result.GetValue(SaveOnInterrupt) && result.GetValue(Save) is null)
            {
                throw new UsageException("--save-on-interrupt: needs --save, the file to save the partial model to.");
            }

            // A target a save would refuse (a device, a FIFO, a folder behind a link) fails now, not after training.
            if (result.GetValue(Save) is string target)
            {
                SaveTarget.Resolve(target);
                SaveTarget.Resolve(OptimizerStateFile.PathFor(target));
            }

            if (result.GetValue(Plot) is string plot)
            {
                SaveTarget.Resolve(plot);
            }
        }

        private Dataset<T>? LoadTest(ref Dataset<T> train, ulong seed)
        {
            string? testPath = result.GetValue(TestFile);
            if (result.GetValue(TestFraction) is double f)
            {
                try
                {
                    (Dataset<T> kept, Dataset<T> held) = train.StratifiedSplit(f, seed);
                    train = kept;
                    return held;
                }
                catch (ArgumentException)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture, $"--test-fraction {f}: the training data's {train.Count} sample(s) cannot be split into two non-empty parts; give more data or --test."));
                }
            }

            return testPath is null ? null : DataSource.Load<T>(testPath, result.GetValue(TestLabels), result.GetValue(Label), train.ClassNames);
        }

        private Network<T> Build(Dataset<T> train, Loss loss, ulong seed)
        {
            int[] widths = layers ?? [train.InputWidth, 64, train.TargetWidth];
            CheckWidths(widths, train);
            Activation output = this.output ?? OptionParsing.OutputFor(loss);
            if (!loss.Fits(output))
            {
                throw new UsageException($"--loss {Names.Of(loss)} needs {(loss == Loss.CrossEntropy ? "--output softmax" : "--output logistic")}, got --output {Names.Of(output)}.");
            }

            var specs = new LayerSpec[widths.Length - 1];
            for (int i = 0; i < specs.Length; i++)
            {
                specs[i] = new LayerSpec(widths[i + 1], i == specs.Length - 1 ? output : hidden);
            }

            var network = new Network<T>(widths[0], RegularizationOptions.WithRates(specs, dropout));
            network.Initialize(hidden is Activation.Relu or Activation.LeakyRelu ? new WeightInit.He() : new WeightInit.Glorot(), seed);
            return network;
        }

        private Network<T> FromModel(LoadedModel model, Dataset<T> train, Loss loss)
        {
            Network<T> network = model.ToNetwork<T>();
            int[] widths = [network.InputCount, .. network.Parameters.Slices.ToArray().Select(l => l.Outputs)];
            if (layers is not null && !layers.SequenceEqual(widths))
            {
                throw new UsageException($"--layers {result.GetValue(LayersOption)} differs from the --init model's {string.Join(",", widths)}.");
            }

            CheckWidths(widths, train);
            if (!loss.Fits(network.OutputActivation))
            {
                throw new UsageException($"--loss {Names.Of(loss)} does not fit the --init model's {Names.Of(network.OutputActivation)} output.");
            }

            return network;
        }

        private static void CheckWidths(int[] widths, Dataset<T> train)
        {
            if (widths[0] != train.InputWidth || widths[^1] != train.TargetWidth)
            {
                throw new UsageException(
                    $"--layers {string.Join(",", widths)}: the data has {train.InputWidth} inputs and {train.TargetWidth} targets, so the layers must start with {train.InputWidth} and end with {train.TargetWidth}.");
            }
        }

        private List<EpochRow> Train(Trainer<T> trainer, Dataset<T> train, Dataset<T>? test, bool plotting)
        {
            var rows = new List<EpochRow>();
            Loss loss = trainer.Options.Loss;
            void OnEpoch(EpochReport r)
            {
                Evaluation? t = test is null ? null : Evaluator.Evaluate(trainer.Network, test, loss);
                Evaluation? tr = plotting ? Evaluator.Evaluate(trainer.Network, train, loss) : null;
                var row = new EpochRow(r.Epoch, r.TrainLoss, tr?.Accuracy, t?.Loss, t?.Accuracy, r.SamplesPerSecond, r.Elapsed.TotalSeconds);
                rows.Add(row);
                if (!json && !Terminal.IsInteractive)
                {
                    Terminal.Line(row.Describe());
                }
            }

            using var signals = new SignalCancellation();
            try
            {
                if (json || !Terminal.IsInteractive || trainer.Options.Epochs == 0)
                {
                    trainer.Fit(train, new SynchronousProgress<EpochReport>(OnEpoch), new SynchronousProgress<BatchReport>(b => lastBatch = b), signals.Token);
                }
                else
                {
                    ShowProgress(trainer, train, OnEpoch, rows, signals.Token);
                }
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                stoppedBy = signals.Signal;
                exitCode = signals.ExitCode;
            }

            return rows;
        }

        /// <summary>A <see cref="InterruptedBySignalException"/> saying where training stopped and what became of the files.</summary>
        private InterruptedBySignalException Interrupted(string files)
        {
            // The batch the signal kept from running: the one after the last trained.
            (int epoch, int batch) = lastBatch.Batches == 0 ? (1, 1)
                : lastBatch.Batch == lastBatch.Batches ? (lastBatch.Epoch + 1, 1)
                : (lastBatch.Epoch, lastBatch.Batch + 1);
            return new InterruptedBySignalException(
                exitCode, $"interrupted by {stoppedBy}: training stopped before epoch {epoch}, batch {batch}; {files}.");
        }

        private void ShowProgress(Trainer<T> trainer, Dataset<T> train, Action<EpochReport> onEpoch, List<EpochRow> rows, CancellationToken cancellationToken)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    ProgressTask? task = null;
                    long lastUpdate = 0;
                    trainer.Fit(
                        train,
                        new SynchronousProgress<EpochReport>(r =>
                        {
                            onEpoch(r);
                            task?.Description(rows[^1].Summary());
                            task?.StopTask();
                        }),
                        new SynchronousProgress<BatchReport>(b =>
                        {
                            lastBatch = b;
                            if (task is null || b.Batch == 1)
                            {
                                task = context.AddTask($"epoch {b.Epoch}", maxValue: b.Batches);
                            }

                            // A redraw per batch would cost more than a small batch's step.
                            long now = Environment.TickCount64;
                            if (now - lastUpdate >= 100 || b.Batch == b.Batches)
                            {
                                lastUpdate = now;
                                task.Value = b.Batch;
                                task.Description($"epoch {b.Epoch}  loss {b.Loss:F4}");
                            }
                        }),
                        cancellationToken);
                });
        }

        private void Report(List<EpochRow> rows, Network<T> network, Loss loss)
        {
            if (!json)
            {
                return;
            }

            using var report = new JsonReport();
            report.String("layers", string.Join(",", new[] { network.InputCount }.Concat(network.Parameters.Slices.ToArray().Select(l => l.Outputs))));
            report.String("loss", Names.Of(loss)).Number("parameters", network.ParameterCount);
            report.Numbers("dropout", network.Layers.ToArray().Select(l => l.DropoutRate));
            if (classWeights is not null)
            {
                report.Numbers("class_weights", classWeights);
            }

            report.Writer.WriteStartArray("epochs");
            foreach (EpochRow row in rows)
            {
                row.Write(report.Writer);
            }

            report.Writer.WriteEndArray();
            report.Print();
        }
    }
}
