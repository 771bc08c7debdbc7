using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Spectre.Console;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using static VectorNN.Cli.Commands.TrainOptions;

namespace VectorNN.Cli.Commands;

/// <summary><c>train</c>: trains a network on a CSV or IDX file, reports every epoch, saves and plots.</summary>
internal static class TrainCommand
{
    private static readonly Option<string?> TestFile = new("--test") { Description = "Test data, in the training data's format." };
    private static readonly Option<double?> TestFraction = new("--test-fraction") { Description = "Hold out this fraction of the training data as the test set (seeded; class by class for classification, so each keeps its share)." };
    private static readonly Option<string?> TestLabels = new("--test-labels") { Description = "IDX labels of --test." };
    private static readonly Option<string?> Init = new("--init") { Description = "Start from this saved model (fine-tuning; with its optimizer state beside it, the run resumes exactly where it stopped)." };
    private static readonly Option<string?> Save = new("--save") { Description = "Save the trained model (safetensors) here, with its optimizer state beside it." };
    private static readonly Option<string?> Plot = new("--plot") { Description = "Write a PNG of loss and accuracy per epoch, train, validation and test." };

    private static readonly Option<bool> SaveOnInterrupt = new("--save-on-interrupt") { Description = "On SIGINT or SIGTERM, save the partially trained model to --save (else existing files stay untouched)." };

    public static Command Create()
    {
        var command = new Command("train", "Train a network on CSV or IDX data.");
        foreach (Option option in new Option[]
                 {
                     TrainFile, TestFile, TestFraction, TrainLabels, TestLabels, Label, LayersOption, ActivationOption, OutputOption,
                     Target, StandardizeTargets, LossOption, OptimizerOption, LearningRate, Batch, Epochs, Seed, Threads, Precision, Normalize, Init, Save, Plot,
                     NoShuffle, SaveOnInterrupt,
                     RegularizationOptions.ClassWeight, RegularizationOptions.Dropout,
                 })
        {
            command.Options.Add(option);
        }

        foreach (Option option in TrainingControls.Options)
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
        private TrainingSetup setup = null!;
        private double[]? dropout;
        private double[]? classWeights;
        private string? stoppedBy;
        private BatchReport lastBatch;
        private int exitCode;
        private string[]? targets;
        private IReadOnlyList<string>? targetNames;

        public int Execute()
        {
            // Every option is checked before any file is read.
            setup = TrainingSetup.Parse(result);
            ulong seed = setup.Seed;
            double lr = setup.LearningRate;
            Optimizer<T> optimizer = setup.CreateOptimizer<T>();
            targets = setup.Targets(result, [Label, TrainLabels, TestLabels, RegularizationOptions.ClassWeight], resuming: result.GetValue(Init) is not null);
            TrainingControls controls = TrainingControls.Parse(result, lr, setup.Epochs);
            classWeights = RegularizationOptions.ExplicitClassWeights(result);

            if (result.GetValue(RegularizationOptions.Dropout) is not null && result.GetValue(Init) is not null)
            {
                throw new UsageException("--dropout: an --init model keeps the dropout rates it was saved with; leave --dropout out.");
            }

            dropout = RegularizationOptions.Rates(result, setup.Layers is null ? 1 : setup.Layers.Length - 2);
            ValidateFiles();

            LoadedModel? start = result.GetValue(Init) is string initPath ? ModelFile.Load(initPath) : null;
            CheckInitTargets(start);
            Loss loss = setup.LossFor(regression: targets is not null);
            Dataset<T> train = DataSource.Load<T>(result.GetValue(TrainFile)!, result.GetValue(TrainLabels), result.GetValue(Label), start?.Metadata.Classes, targets);
            if (start?.Metadata.Targets is { } startTargets && !startTargets.SequenceEqual(train.TargetNames!))
            {
                throw new UsageException($"--target {string.Join(",", targets!)}: the --init model's targets are {string.Join(",", startTargets)}, got the columns {string.Join(",", train.TargetNames!)}.");
            }

            targetNames = train.TargetNames;
            Dataset<T>? test = LoadTest(ref train, seed);
            Dataset<T>? validation = controls.ValidationFraction is double f ? ValidationHoldOut.Split(ref train, f, seed, stratified: targets is null) : null;

            Network<T> network = start is null ? setup.Build(train, loss, dropout) : FromModel(start, train, loss);
            Normalization normalization = start?.Metadata.Normalization ?? Data.Normalization.Fit(setup.Normalization, train.Inputs, train.InputWidth);

            // Every set was just loaded or split off and nothing else holds it: rescaled in place, without a copy of its inputs.
            normalization.Apply(train);
            if (test is not null)
            {
                normalization.Apply(test);
            }

            if (validation is not null)
            {
                normalization.Apply(validation);
            }

            // A regression network may train on standardized targets; its test figures are in the targets' own units.
            Normalization? targetScaling = start is not null ? start.Metadata.TargetNormalization
                : result.GetValue(StandardizeTargets) ? Data.Normalization.Fit(NormalizationMethod.ZScore, train.Targets, train.TargetWidth) : null;
            Dataset<T>? testInUnits = targets is null ? null : test;
            train = DataSource.TargetsStandardized(train, targetScaling);
            test = test is null ? null : DataSource.TargetsStandardized(test, targetScaling);
            validation = validation is null ? null : DataSource.TargetsStandardized(validation, targetScaling);

            // Class weights become sample weights of the final training set (after any copy above, which would drop them).
            train = RegularizationOptions.Apply(result, ref classWeights, train);
            TrainingState? resumed = null;
            if (start is not null && result.GetValue(Init) is string init)
            {
                OptimizerStateFile.TryLoad(init, start, optimizer, network.Parameters, out resumed);
            }

            TrainingOptions options = setup.TrainingOptions(network, loss, train.Count) with
            {
                EarlyStopping = controls.EarlyStopping,
                LearningRateSchedule = controls.Schedule((resumed?.EpochsCompleted ?? 0) + setup.Epochs),
            };
            var trainer = new Trainer<T>(network, optimizer, options);
            trainer.State = resumed ?? trainer.State;
            List<EpochRow> rows = Train(trainer, train, validation, test, testInUnits, targetScaling, plotting: result.GetValue(Plot) is not null);
            if (stoppedBy is not null && !result.GetValue(SaveOnInterrupt))
            {
                throw Interrupted("nothing was saved (--save-on-interrupt saves the partial model)");
            }

            if (result.GetValue(Save) is string savePath)
            {
                var metadata = new ModelMetadata
                {
                    Loss = loss,
                    Normalization = normalization,
                    Classes = train.ClassNames,
                    Targets = train.TargetNames,
                    TargetNormalization = targetScaling,
                };
                ModelFile.Save(savePath, network, metadata, optimizer, trainer.State);
            }

            if (stoppedBy is not null)
            {
                throw Interrupted(result.GetValue(Save) is string saved ? $"the partial model was saved to {saved}" : "there was no --save to save to");
            }

            if (result.GetValue(Plot) is string plotPath)
            {
                TrainingPlot.Save(plotPath, rows);
            }

            RegressionEvaluation? testMetrics = testInUnits is null ? null : Regression.Evaluate(network.Predict, testInUnits, targetScaling, TestPath);
            ReportStopping(trainer, rows);
            Report(rows, network, loss, lr, normalization.Method, targetScaling is not null, testMetrics, trainer, train, validation);
            return ExitCodes.Success;
        }

        // The name the test set's errors give: its file, or the training file it was split from.
        private string TestPath => result.GetValue(TestFile) ?? result.GetValue(TrainFile)!;

        /// <summary>
        /// A regression <c>--init</c> model trains on its own targets (the default <c>--target</c>) and standardization; a
        /// classifier takes no <c>--target</c>.
        /// </summary>
        private void CheckInitTargets(LoadedModel? start)
        {
            if (start is null)
            {
                return;
            }

            if (start.Metadata.Targets is { } modelTargets)
            {
                if (targets is null && result.GetValue(Label) is not null)
                {
                    throw new UsageException($"--label: the --init model is a regression model of the targets {string.Join(",", modelTargets)}; give --target, or nothing to train on those columns.");
                }

                targets ??= [.. modelTargets];
            }
            else if (targets is not null)
            {
                throw new UsageException("--target: the --init model is not a regression model (it names no target columns); train a new model for these targets.");
            }

            if (result.GetValue(StandardizeTargets) && targets is null)
            {
                throw new UsageException("--standardize-targets: needs --target, the regression target columns to standardize (the --init model is a classifier).");
            }

            if (result.GetValue(StandardizeTargets) && start.Metadata.TargetNormalization is null)
            {
                throw new UsageException("--standardize-targets: the --init model was trained on unstandardized targets, and a resumed run keeps the model's scaling; leave the option out.");
            }
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
                    // Classes are split class by class; regression targets have no classes to keep in proportion.
                    (Dataset<T> kept, Dataset<T> held) = targets is null ? train.StratifiedSplit(f, seed) : train.Split(f, seed);
                    train = kept;
                    return held;
                }
                catch (ArgumentException)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture, $"--test-fraction {f}: the training data's {train.Count} sample(s) cannot be split into two non-empty parts; give more data or --test."));
                }
            }

            return testPath is null ? null : DataSource.Load<T>(testPath, result.GetValue(TestLabels), result.GetValue(Label), train.ClassNames, targets);
        }

        private Network<T> FromModel(LoadedModel model, Dataset<T> train, Loss loss)
        {
            Network<T> network = model.ToNetwork<T>();
            int[] widths = [network.InputCount, .. network.Parameters.Slices.ToArray().Select(l => l.Outputs)];
            if (setup.Layers is { } layers && !layers.SequenceEqual(widths))
            {
                throw new UsageException($"--layers {result.GetValue(LayersOption)} differs from the --init model's {string.Join(",", widths)}.");
            }

            TrainingSetup.CheckWidths(widths, train);
            if (!loss.Fits(network.OutputActivation))
            {
                throw new UsageException($"--loss {Names.Of(loss)} does not fit the --init model's {Names.Of(network.OutputActivation)} output.");
            }

            return network;
        }

        private List<EpochRow> Train(
            Trainer<T> trainer, Dataset<T> train, Dataset<T>? validation, Dataset<T>? test, Dataset<T>? testInUnits, Normalization? targetScaling, bool plotting)
        {
            var rows = new List<EpochRow>();
            Loss loss = trainer.Options.Loss;
            bool classes = targets is null;
            void OnEpoch(EpochReport r)
            {
                Evaluation? t = test is null ? null : Evaluator.Evaluate(trainer.Network, test, loss);
                Evaluation? tr = plotting && classes ? Evaluator.Evaluate(trainer.Network, train, loss) : null;
                double? r2 = testInUnits is null ? null : Regression.Evaluate(trainer.Network.Predict, testInUnits, targetScaling, TestPath).Overall.RSquared;
                var row = new EpochRow(r.Epoch, r.TrainLoss, tr?.Accuracy, t?.Loss, classes ? t?.Accuracy : null, r.SamplesPerSecond, r.Elapsed.TotalSeconds, !classes, r2)
                {
                    ValidationLoss = r.Validation?.Loss,
                    ValidationAccuracy = classes ? r.Validation?.Accuracy : null,
                    LearningRate = r.LearningRate,
                };
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
                    trainer.Fit(train, validation, new SynchronousProgress<EpochReport>(OnEpoch), new SynchronousProgress<BatchReport>(b => lastBatch = b), signals.Token);
                }
                else
                {
                    ShowProgress(trainer, train, validation, OnEpoch, rows, signals.Token);
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

        private void ShowProgress(Trainer<T> trainer, Dataset<T> train, Dataset<T>? validation, Action<EpochReport> onEpoch, List<EpochRow> rows, CancellationToken cancellationToken)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    ProgressTask? task = null;
                    long lastUpdate = 0;
                    trainer.Fit(
                        train,
                        validation,
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

        /// <summary>Where early stopping ended the run and whose weights the network keeps (the epoch lines say the rest).</summary>
        private void ReportStopping(Trainer<T> trainer, List<EpochRow> rows)
        {
            if (json || trainer.BestEpoch is not int best)
            {
                return;
            }

            string end = trainer.StoppedEpoch is int stopped ? $"stopped after epoch {stopped}" : $"ran all {rows.Count} epochs";
            Terminal.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"early stopping: {end}; keeping the weights of epoch {best} (validation loss {rows.Single(r => r.Epoch == best).ValidationLoss:F5})"));
        }

        private void Report(
            List<EpochRow> rows, Network<T> network, Loss loss, double lr, NormalizationMethod normalize, bool standardized, RegressionEvaluation? testMetrics,
            Trainer<T> trainer, Dataset<T> train, Dataset<T>? validation)
        {
            if (!json)
            {
                if (testMetrics is not null)
                {
                    Terminal.Line("Test set, in the targets' units:");
                    Regression.Print(testMetrics, targetNames!);
                }

                return;
            }

            int[] widths = [network.InputCount, .. network.Parameters.Slices.ToArray().Select(l => l.Outputs)];
            using var report = new JsonReport();
            report.Integers("layers", widths).String("loss", Names.Of(loss)).Number("parameters", network.ParameterCount);
            report.Numbers("dropout", network.Layers.ToArray().Select(l => l.DropoutRate));
            if (classWeights is not null)
            {
                report.Numbers("class_weights", classWeights);
            }

            report.Number("train_samples", train.Count);
            JsonReport.Optional(report.Writer, "validation_samples", validation?.Count);
            JsonReport.Optional(report.Writer, "stopped_epoch", trainer.StoppedEpoch);
            JsonReport.Optional(report.Writer, "best_epoch", trainer.BestEpoch);
            if (targetNames is not null)
            {
                JsonReport.Strings(report.Writer, "targets", targetNames);
            }

            Utf8JsonWriter w = report.Writer;

            // Every option as this run used it, defaults and what --init decided included.
            w.WriteStartObject("hyperparameters");
            w.WriteString("train", result.GetValue(TrainFile));
            JsonReport.Optional(w, "test", result.GetValue(TestFile));
            JsonReport.Optional(w, "test_fraction", result.GetValue(TestFraction));
            JsonReport.Optional(w, "train_labels", result.GetValue(TrainLabels));
            JsonReport.Optional(w, "test_labels", result.GetValue(TestLabels));
            JsonReport.Optional(w, "label", result.GetValue(Label));
            if (targets is null)
            {
                w.WriteNull("target");
            }
            else
            {
                JsonReport.Strings(w, "target", targets);
            }

            w.WriteBoolean("standardize_targets", standardized);
            w.WriteStartArray("layers");
            foreach (int width in widths)
            {
                w.WriteNumberValue(width);
            }

            w.WriteEndArray();
            w.WriteString("activation", Names.Of(setup.Hidden));
            w.WriteString("output_activation", Names.Of(network.OutputActivation));
            w.WriteString("loss", Names.Of(loss));
            w.WriteString("optimizer", result.GetValue(OptimizerOption));
            w.WriteNumber("lr", lr);
            w.WriteNumber("batch", result.GetValue(Batch));
            w.WriteNumber("epochs", result.GetValue(Epochs));
            w.WriteNumber("seed", result.GetValue(Seed));
            w.WriteNumber("threads", result.GetValue(Threads));
            w.WriteString("precision", result.GetValue(Precision));
            w.WriteString("normalize", Data.Normalization.MethodName(normalize));
            JsonReport.Optional(w, "init", result.GetValue(Init));
            w.WriteBoolean("shuffle", !result.GetValue(NoShuffle));
            w.WriteBoolean("save_on_interrupt", result.GetValue(SaveOnInterrupt));
            JsonReport.Optional(w, "validation_fraction", result.GetValue(TrainingControls.Fraction));
            w.WriteBoolean("early_stopping", trainer.Options.EarlyStopping is not null);
            JsonReport.Optional(w, "patience", trainer.Options.EarlyStopping?.Patience);
            JsonReport.Optional(w, "min_delta", trainer.Options.EarlyStopping?.MinDelta);
            JsonReport.Optional(w, "lr_schedule", result.GetValue(TrainingControls.Schedules));
            w.WriteEndObject();

            string? save = result.GetValue(Save);
            w.WriteStartObject("saved");
            JsonReport.Optional(w, "model", save);
            JsonReport.Optional(w, "optimizer_state", save is null ? null : OptimizerStateFile.PathFor(save));
            JsonReport.Optional(w, "plot", result.GetValue(Plot));
            w.WriteEndObject();

            // The figures of the weights the run ends with (and saves): the best epoch's under early stopping, else the
            // last epoch's; a regression run's test metrics in the targets' units.
            EpochRow? last = rows.Count == 0 ? null : rows.Find(row => row.Epoch == trainer.BestEpoch) ?? rows[^1];
            w.WriteStartObject("summary");
            w.WriteNumber("epochs_run", rows.Count);
            JsonReport.Optional(w, "train_loss", last?.TrainLoss);
            JsonReport.Optional(w, "test_loss", last?.TestLoss);
            JsonReport.Optional(w, "test_accuracy", last?.TestAccuracy);
            if (testMetrics is not null)
            {
                w.WriteStartObject("test_metrics");
                Regression.Write(w, testMetrics, targetNames!);
                w.WriteEndObject();
            }

            w.WriteNumber("seconds", rows.Sum(r => r.Seconds));
            w.WriteEndObject();

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
