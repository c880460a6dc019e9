using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK009 (Info, off by default): a close made abortive on purpose — <c>LingerState = new LingerOption(true, 0)</c>
/// on a Socket or TcpClient (also through a LingerOption local whose <c>Enabled</c>/<c>LingerTime</c> are set before),
/// <c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, ...)</c> with such an option, or
/// <c>Socket.Close(0)</c>. The peer will see a reset instead of an end of stream. Reported at the assignment or call.
/// </summary>
/// <remarks>
/// <c>socket.LingerState.LingerTime = 0</c> is not reported: the <c>LingerState</c> getter returns a new copy each
/// time, so that statement changes nothing on the socket (measured: the close stays graceful).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AbortiveCloseAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>SocketOptionLevel.Socket</c> (SOL_SOCKET as .NET numbers it).</summary>
    private const int SocketOptionLevelSocket = 0xffff;

    /// <summary><c>SocketOptionName.Linger</c>.</summary>
    private const int SocketOptionNameLinger = 0x80;

    /// <summary>How far a LingerOption is followed through locals assigned from other locals.</summary>
    private const int MaxLocalSteps = 4;

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.AbortiveClose, DiagnosticSeverity.Info, isEnabledByDefault: false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = ConnectionSemantics.For(start.Compilation, start.Options)?.Model;
            if (model?.Socket is null)
            {
                return;
            }

            start.RegisterOperationAction(operation => AnalyzeAssignment(operation, model), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, model), OperationKind.Invocation);
        });
    }

    /// <summary><c>x.LingerState = option</c> on a Socket or TcpClient.</summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context, ConnectionModel model)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "LingerState" } property ||
            !IsSocketOrTcpClient(property.Property.ContainingType, model) ||
            !StateOf(assignment.Value, assignment, model, MaxLocalSteps).IsAbortive)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), ConnectionText(property.Instance)));
    }

    /// <summary><c>socket.Close(0)</c>, and <c>SetSocketOption(Socket, Linger, option)</c>.</summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context, ConnectionModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // By name first: this runs for every call of the compilation.
        if (method.Name is not ("Close" or "SetSocketOption") || method.IsStatic || !model.IsRawSocketType(method.ContainingType))
        {
            return;
        }

        var abortive = method.Name switch
        {
            // Close(int timeout) with 0 closes at once with RST, like linger on with timeout 0.
            "Close" => method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 &&
                       invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 },
            "SetSocketOption" => IsLingerOption(invocation, model),
            _ => false,
        };
        if (abortive)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), ConnectionText(invocation.Instance)));
        }
    }

    private static bool IsLingerOption(IInvocationOperation invocation, ConnectionModel model)
    {
        if (invocation.Arguments.Length != 3)
        {
            return false;
        }

        IOperation? level = null, name = null, value = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Ordinal)
            {
                case 0:
                    level = argument.Value;
                    break;
                case 1:
                    name = argument.Value;
                    break;
                case 2:
                    value = argument.Value;
                    break;
            }
        }

        return level?.ConstantValue is { HasValue: true, Value: SocketOptionLevelSocket } &&
               name?.ConstantValue is { HasValue: true, Value: SocketOptionNameLinger } &&
               value is not null &&
               StateOf(value, invocation, model, MaxLocalSteps).IsAbortive;
    }

    /// <summary>
    /// What a LingerOption value says when <paramref name="site"/> applies it: <c>new LingerOption(e, t)</c> (with any
    /// object initializer), or a local whose declaration, assignments and <c>Enabled</c>/<c>LingerTime</c> changes before
    /// the site (in source order, in the same body) say so. Anything else is unknown.
    /// </summary>
    private static LingerState StateOf(IOperation value, IOperation site, ConnectionModel model, int steps)
    {
        value = ConnectionSemantics.Strip(value);
        switch (value)
        {
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, model.LingerOption):
                var state = new LingerState(
                    ConstantArgument<bool>(creation, "enable"),
                    ConstantArgument<int>(creation, "seconds"));
                if (creation.Initializer is { } initializer)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
                        {
                            state = state.With(target.Property.Name, assignment.Value);
                        }
                    }
                }

                return state;

            case ILocalReferenceOperation local when steps > 0:
                return LocalStateBefore(local.Local, site, model, steps - 1);

            default:
                return LingerState.Unknown;
        }
    }

    private static LingerState LocalStateBefore(ILocalSymbol local, IOperation site, ConnectionModel model, int steps)
    {
        var body = site;
        while (body.Parent is not null && body is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            body = body.Parent;
        }

        var state = LingerState.Unknown;
        var before = site.Syntax.SpanStart;
        // Pre-order is source order for statements; nested lambdas run on their own and are left out.
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(body))
        {
            if (operation.Syntax.SpanStart >= before)
            {
                continue;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    state = declarator.Initializer is { } initializer ? StateOf(initializer.Value, site, model, steps) : LingerState.Unknown;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    state = StateOf(assignment.Value, site, model, steps);
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } property } assignment
                    when SymbolEqualityComparer.Default.Equals(owner.Local, local):
                    state = state.With(property.Property.Name, assignment.Value);
                    break;
            }
        }

        return state;
    }

    private static T? ConstantArgument<T>(IObjectCreationOperation creation, string parameterName)
        where T : struct
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: T constant } ? constant : null;
            }
        }

        return null;
    }

    private static bool IsSocketOrTcpClient(ITypeSymbol? type, ConnectionModel model) =>
        ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient);

    /// <summary>The connection as the code names it; in an object initializer, the object being created.</summary>
    private static string ConnectionText(IOperation? instance)
    {
        if (instance is null)
        {
            return "socket";
        }

        if (instance.IsImplicit && instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            return "new " + instance.Type?.Name;
        }

        return instance.IsImplicit ? "this" : instance.Syntax.ToString();
    }

    /// <summary>What is known of a LingerOption: enabled and timeout, each null when not known.</summary>
    private readonly struct LingerState
    {
        public static readonly LingerState Unknown = new(null, null);

        public LingerState(bool? enabled, int? seconds)
        {
            Enabled = enabled;
            Seconds = seconds;
        }

        public bool? Enabled { get; }

        public int? Seconds { get; }

        /// <summary>Linger on with a timeout of 0: closing sends RST.</summary>
        public bool IsAbortive => Enabled == true && Seconds == 0;

        /// <summary>After <c>option.Enabled = value</c> or <c>option.LingerTime = value</c>.</summary>
        public LingerState With(string property, IOperation value)
        {
            var constant = value.ConstantValue;
            return property switch
            {
                "Enabled" => new LingerState(constant is { HasValue: true, Value: bool enabled } ? enabled : null, Seconds),
                "LingerTime" => new LingerState(Enabled, constant is { HasValue: true, Value: int seconds } ? seconds : null),
                _ => this,
            };
        }
    }
}
