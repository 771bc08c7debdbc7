using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>demo iris</c> and <c>demo worked-example</c>: the two classic back-propagation tutorials, reproduced with the
/// library.
/// </summary>
internal static class DemoCommands
{
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the initial weights and the shuffling.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data, 0 to 1,000,000.", DefaultValueFactory = _ => 50 };
    private static readonly Option<double> LearningRate = new("--lr") { Description = "SGD learning rate, finite and >= 0.", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "Units in the hidden layer, 1 to 16,777,215.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "Gradient steps in all, 1 to 100,000,000.", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<bool> TrainBiases = new("--train-biases") { Description = "Also train the biases (the worked example keeps them fixed)." };

    // 4-h-3 has 8h + 3 parameters: the bound keeps it within OptionParsing.MaxValues.
    private const int MaxHidden = (int)((OptionParsing.MaxValues - 3) / 8);

    // A step of the 2-2-2 network takes well under a microsecond: the bound is a minute or so.
    private const int MaxIterations = 100_000_000;

    // The worked example: w1..w4 into the hidden layer, b1 (shared), w5..w8 into the outputs, b2 (shared).
    private static readonly double[] WorkedStart = [0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.60];
    private static readonly double[] WorkedInput = [0.05, 0.10];
    private static readonly double[] WorkedTarget = [0.01, 0.99];
    private static readonly int[] WorkedWeightIndices = [0, 1, 2, 3, 6, 7, 8, 9];

    public static Command Create()
    {
        var iris = new Command("iris", "The Iris tutorial: a 4-5-3 tanh/softmax network, online SGD on half squared error (the default command).");
        iris.Options.Add(Seed);
        iris.Options.Add(Epochs);
        iris.Options.Add(LearningRate);
        iris.Options.Add(Hidden);
        iris.SetAction(result => RunIris(result, useDefaults: false));

        var worked = new Command("worked-example", "The 2-2-2 logistic network worked by hand (inputs 0.05, 0.10; targets 0.01, 0.99; lr 0.5), in double.");
        worked.Options.Add(Iterations);
        worked.Options.Add(TrainBiases);
        worked.SetAction(RunWorkedExample);

        var demo = new Command("demo", "The tutorial demos.");
        demo.Subcommands.Add(iris);
        demo.Subcommands.Add(worked);
        return demo;
    }

    public static int RunIris(ParseResult result, bool useDefaults)
    {
        bool json = result.GetValue(GlobalOptions.Json);
        ulong seed = useDefaults ? 3 : result.GetValue(Seed);
        int epochs = useDefaults ? 50 : result.GetValue(Epochs);
        double lr = useDefaults ? 0.05 : result.GetValue(LearningRate);
        int hidden = useDefaults ? 5 : result.GetValue(Hidden);
        OptionParsing.InRange(epochs, "--epochs", 0, OptionParsing.MaxEpochs);
        OptionParsing.InRange(hidden, "--hidden", 1, MaxHidden);
        OptionParsing.Rate(lr, "--lr");

        string folder = Path.Combine(AppContext.BaseDirectory, "data");
        Dataset<double> train = CsvLoader.Load<double>(Path.Combine(folder, "iris-train.csv"));
        Dataset<double> test = CsvLoader.Load<double>(Path.Combine(folder, "iris-test.csv"), new CsvOptions { Classes = train.ClassNames });
        if (!json)
        {
            Terminal.Heading("VectorNN: the Iris back-propagation tutorial");
            Terminal.Line($"{RuntimeInformation.FrameworkDescription}, SIMD: {Simd.Describe()}");
            Terminal.Line($"4-{hidden}-3 network, tanh hidden layer, softmax output, half squared error, weights uniform in +-0.01 (seed {seed})");
            Terminal.Line($"Online SGD, learning rate {F(lr)}, {epochs} epochs, shuffled; {train.Count} training and {test.Count} test samples");
        }

        var network = new Network<double>(4, new LayerSpec(hidden, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed);
        var options = new TrainingOptions { Loss = Loss.HalfSumSquaredError, Epochs = epochs, BatchSize = 1, Seed = seed, ReportEvery = 10 };
        var history = new List<EpochReport>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        new Trainer<double>(network, new Sgd<double>(lr), options).Fit(train, new SynchronousProgress<EpochReport>(report =>
        {
            history.Add(report);
            if (!json)
            {
                Terminal.Line(string.Create(CultureInfo.InvariantCulture, $"epoch {report.Epoch,4}  error {report.TrainLoss:F6}"));
            }
        }));
        double elapsed = clock.Elapsed.TotalMilliseconds;
        Evaluation trainResult = Evaluator.Evaluate(network, train, Loss.HalfSumSquaredError);
        Evaluation testResult = Evaluator.Evaluate(network, test, Loss.HalfSumSquaredError);

        if (json)
        {
            using var report = new JsonReport();
            report.Number("train_accuracy", trainResult.Accuracy).Number("test_accuracy", testResult.Accuracy);
            report.Writer.WriteStartArray("error_history");
            foreach (EpochReport r in history)
            {
                report.Writer.WriteStartObject();
                report.Writer.WriteNumber("epoch", r.Epoch);
                report.Writer.WriteNumber("error", r.TrainLoss);
                report.Writer.WriteEndObject();
            }

            report.Writer.WriteEndArray();
            report.Number("elapsed_ms", elapsed).String("simd", Simd.Describe()).String("runtime", RuntimeInformation.FrameworkDescription);
            report.Print();
        }
        else
        {
            Terminal.Line($"train accuracy {trainResult.Accuracy:F4}, test accuracy {testResult.Accuracy:F4} ({elapsed:F1} ms of training)");
            Terminal.ConfusionMatrix(testResult.ConfusionMatrix, test.ClassNames);
        }

        return ExitCodes.Success;
    }

    private static int RunWorkedExample(ParseResult result)
    {
        bool json = result.GetValue(GlobalOptions.Json);
        int iterations = result.GetValue(Iterations);
        OptionParsing.InRange(iterations, "--iterations", 1, MaxIterations);
        bool trainBiases = result.GetValue(TrainBiases);

        var network = new Network<double>(2, new LayerSpec(2, Activation.Logistic), new LayerSpec(2, Activation.Logistic));
        network.SetParameters(WorkedStart);
        if (!trainBiases)
        {
            network.Freeze(0, ParameterGroups.Biases);
            network.Freeze(1, ParameterGroups.Biases);
        }

        var hiddenLayer = new Network<double>(2, new LayerSpec(2, Activation.Logistic));
        hiddenLayer.SetParameters(WorkedStart.AsSpan(0, 6));
        var hidden = new double[2];
        hiddenLayer.Predict(WorkedInput, hidden);
        var pass = new Backpropagation<double>(network, Loss.HalfSumSquaredError, 1);
        double initialError = pass.ComputeLoss(WorkedInput, WorkedTarget, 1);
        double[] initialOutputs = pass.Outputs.ToArray();

        var trainer = new Trainer<double>(network, new Sgd<double>(0.5), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        trainer.TrainBatch(WorkedInput, WorkedTarget, 1);
        double[] updated = WorkedWeightIndices.Select(i => network.Parameters.Values[i]).ToArray();
        double errorAfterOne = pass.ComputeLoss(WorkedInput, WorkedTarget, 1);

        // As the tutorial reports it: the error and outputs of the last iteration's forward pass, before its update.
        double finalError = initialError;
        double[] finalOutputs = initialOutputs;
        for (int i = 2; i <= iterations; i++)
        {
            finalError = pass.ComputeLoss(WorkedInput, WorkedTarget, 1);
            finalOutputs = pass.Outputs.ToArray();
            trainer.TrainBatch(WorkedInput, WorkedTarget, 1);
        }

        if (json)
        {
            using var report = new JsonReport();
            report.Numbers("initial_outputs", initialOutputs).Number("initial_error", initialError);
            report.Writer.WriteStartObject("updated_weights");
            for (int i = 0; i < 8; i++)
            {
                report.Writer.WriteNumber($"w{i + 1}", updated[i]);
            }

            report.Writer.WriteEndObject();
            report.Number("error_after_one_step", errorAfterOne).Number("iterations", iterations);
            report.Number("final_error", finalError).Numbers("final_outputs", finalOutputs);
            report.Print();
            return ExitCodes.Success;
        }

        Terminal.Heading("The 2-2-2 worked example: logistic units, half squared error, learning rate 0.5, double precision");
        Terminal.Line(trainBiases ? "Biases are trained too (--train-biases)." : "Biases stay fixed, as in the worked example.");
        Terminal.Table(
            ["forward pass", "value"],
            [
                ["out_h1", F(hidden[0])], ["out_h2", F(hidden[1])],
                ["out_o1", F(initialOutputs[0])], ["out_o2", F(initialOutputs[1])], ["E_total", F(initialError)],
            ]);
        Terminal.Table(
            ["weight", "before", "after one step"],
            Enumerable.Range(0, 8).Select(i => (IReadOnlyList<string>)[$"w{i + 1}", F(WorkedStart[WorkedWeightIndices[i]]), F(updated[i])]));
        Terminal.Line($"E_total after one step: {F(errorAfterOne)}");
        Terminal.Line($"Iteration {iterations}: E_total {F(finalError)}, outputs {F(finalOutputs[0])} and {F(finalOutputs[1])}");
        return ExitCodes.Success;
    }

    private static string F(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
