using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Where code writes to a stream connection: a try block whose body writes (directly, through a stream, reader or
/// writer over one, or through the project's own session and helper methods), and the send side of
/// <c>SocketAsyncEventArgs</c> completion code. Datagram sockets are not connections here: on UDP,
/// <c>ConnectionReset</c> reports an ICMP "port unreachable", not a peer that went away.
/// </summary>
public static class WritePaths
{
    private const int MaxSteps = 8;

    /// <summary>
    /// Whether <paramref name="region"/> (not looking into lambdas and local functions, which run elsewhere) writes to
    /// a connection that may be a stream socket.
    /// </summary>
    public static bool WritesToConnection(IOperation region, ConnectionSemantics semantics)
    {
        IReadOnlyDictionary<ILocalSymbol, IOperation>? aliases = null;
        IReadOnlyDictionary<ILocalSymbol, IOperation> Aliases() => aliases ??= ValueOrigins.AssignedOnceIn(BodyFacts.RootOf(region));

        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(region))
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if ((semantics.EffectOnReceiver(invocation) & CallEffects.Write) != 0 && IsWrittenConnection(invocation.Instance, semantics, Aliases()))
            {
                return true;
            }

            foreach (var argument in invocation.Arguments)
            {
                if ((semantics.EffectOnArgument(invocation, argument) & CallEffects.Write) != 0 &&
                    !IsDatagram(argument.Value, semantics, Aliases()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is known to be a datagram (UDP) socket: created with <c>SocketType.Dgram</c> or
    /// <c>ProtocolType.Udp</c>, or a <c>UdpClient</c>'s <c>Client</c>, followed through single-assignment locals and
    /// the fields of the containing type assigned in its constructors or initializers. Parameters and anything else
    /// of unknown origin are taken as stream sockets.
    /// </summary>
    public static bool IsDatagram(IOperation? value, ConnectionSemantics semantics, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases)
    {
        var model = semantics.Model;
        for (var steps = 0; value is not null && steps < MaxSteps; steps++)
        {
            value = ConnectionSemantics.Strip(value);
            switch (value)
            {
                case ILocalReferenceOperation local when aliases.TryGetValue(local.Local, out var assigned):
                    value = assigned;
                    continue;
                case IObjectCreationOperation creation:
                    return IsDatagramCreation(creation, model);
                case IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner } when ConnectionModel.InheritsFrom(owner.Type, model.UdpClient):
                    return true;
                case IFieldReferenceOperation or IPropertyReferenceOperation when model.IsWrapperType(value.Type):
                    return false;
                case IMemberReferenceOperation member when ConnectionModel.InheritsFrom(member.Type, model.Socket):
                    return IsDatagramMember(member.Member, semantics);
                default:
                    if (model.TryGetWrappedConnection(value, out var wrapped, out _))
                    {
                        value = wrapped;
                        continue;
                    }

                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a check of <c>SocketAsyncEventArgs.SocketError</c> judges the result of a send: it is guarded by
    /// <c>LastOperation == SocketAsyncOperation.Send</c> (an <c>if</c>, an <c>&amp;&amp;</c>, a <c>switch</c> case, or an
    /// earlier <c>if (LastOperation != Send) return;</c>), or — with no such guard — it sits in a send-completion handler:
    /// a method or local function whose name says Send (<c>ProcessSend</c>, <c>OnSendCompleted</c>), or a lambda
    /// subscribed to <c>Completed</c> of event args that the enclosing code passes to <c>SendAsync</c>/<c>SendToAsync</c>/
    /// <c>SendPacketsAsync</c> and to no other asynchronous socket call. A guard naming another operation wins.
    /// </summary>
    public static bool IsOnAsyncSendPath(IOperation check, ISymbol? argsRoot, SocketErrorChecks reader, ConnectionModel model)
    {
        var guard = LastOperationGuard(check, argsRoot, reader, model);
        if (guard is not null)
        {
            return guard.Value;
        }

        var function = EnclosingFunction(check);
        switch (function)
        {
            case IAnonymousFunctionOperation lambda:
                return IsSubscribedToSendOnlyArgs(lambda, reader, model);
            case ILocalFunctionOperation localFunction:
                return NamesSend(localFunction.Symbol.Name);
            default:
                return function.SemanticModel is { } semanticModel &&
                       semanticModel.GetEnclosingSymbol(check.Syntax.SpanStart) is IMethodSymbol method &&
                       NamesSend(method.Name);
        }
    }

    private static bool NamesSend(string name) =>
        name.IndexOf("Send", System.StringComparison.OrdinalIgnoreCase) >= 0 &&
        name.IndexOf("Receive", System.StringComparison.OrdinalIgnoreCase) < 0;

    /// <summary>True: guarded by LastOperation being a send; false: by it being another operation; null: no guard.</summary>
    private static bool? LastOperationGuard(IOperation check, ISymbol? argsRoot, SocketErrorChecks reader, ConnectionModel model)
    {
        IOperation child = check;
        for (var parent = check.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IConditionalOperation conditional when conditional.WhenTrue == child:
                    if (GuardIn(conditional.Condition, negatedGuard: false, argsRoot, reader, model) is { } whenTrue)
                    {
                        return whenTrue;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    if (GuardIn(and.RightOperand == child ? and.LeftOperand : and.RightOperand, negatedGuard: false, argsRoot, reader, model) is { } conjunct)
                    {
                        return conjunct;
                    }

                    break;
                case ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } section when IsLastOperation(switchOperation.Value, argsRoot, reader, model):
                    foreach (var clause in section.Clauses)
                    {
                        if (clause is ISingleValueCaseClauseOperation { Value: { } value } && AsyncOperationName(value) is { } name)
                        {
                            return IsSendOperation(name);
                        }
                    }

                    return null;
                case IBlockOperation block:
                    // `if (e.LastOperation != SocketAsyncOperation.Send) return;` before the check.
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenFalse: null } early && LeavesScope(early.WhenTrue) &&
                            GuardIn(early.Condition, negatedGuard: true, argsRoot, reader, model) is { } afterEarlyExit)
                        {
                            return afterEarlyExit;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>A conjunct of <paramref name="condition"/> comparing LastOperation with a constant (<c>==</c>, or <c>!=</c> when <paramref name="negatedGuard"/>).</summary>
    private static bool? GuardIn(IOperation condition, bool negatedGuard, ISymbol? argsRoot, SocketErrorChecks reader, ConnectionModel model)
    {
        condition = ConnectionSemantics.Strip(condition);
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical)
        {
            if (logical.OperatorKind == BinaryOperatorKind.ConditionalAnd == !negatedGuard)
            {
                // The first guard of the chain; an operand of the other operator guards nothing, so no recursion is needed.
                foreach (var operand in OperationChains.Operands(logical, logical.OperatorKind))
                {
                    if (operand is not IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } &&
                        GuardIn(operand, negatedGuard, argsRoot, reader, model) is { } guard)
                    {
                        return guard;
                    }
                }
            }

            return null;
        }

        var wanted = negatedGuard ? BinaryOperatorKind.NotEquals : BinaryOperatorKind.Equals;
        if (condition is IBinaryOperation comparison && comparison.OperatorKind == wanted)
        {
            var name = IsLastOperation(comparison.LeftOperand, argsRoot, reader, model) ? AsyncOperationName(comparison.RightOperand)
                : IsLastOperation(comparison.RightOperand, argsRoot, reader, model) ? AsyncOperationName(comparison.LeftOperand)
                : null;
            return name is null ? null : IsSendOperation(name);
        }

        if (!negatedGuard && condition is IIsPatternOperation { Pattern: IConstantPatternOperation constant } isPattern &&
            IsLastOperation(isPattern.Value, argsRoot, reader, model) && AsyncOperationName(constant.Value) is { } patternName)
        {
            return IsSendOperation(patternName);
        }

        return null;
    }

    private static bool IsLastOperation(IOperation value, ISymbol? argsRoot, SocketErrorChecks reader, ConnectionModel model) =>
        ConnectionSemantics.Strip(value) is IPropertyReferenceOperation { Property.Name: "LastOperation", Instance: { } instance } property &&
        ConnectionModel.InheritsFrom(property.Property.ContainingType, model.SocketAsyncEventArgs) &&
        (argsRoot is null || SymbolEqualityComparer.Default.Equals(reader.RootOf(instance), argsRoot));

    private static string? AsyncOperationName(IOperation value)
    {
        value = ConnectionSemantics.Strip(value);
        return value is IFieldReferenceOperation { Field: { HasConstantValue: true } field } &&
               field.ContainingType?.Name == "SocketAsyncOperation"
            ? field.Name
            : null;
    }

    private static bool IsSendOperation(string name) => name is "Send" or "SendTo" or "SendPackets";

    private static bool LeavesScope(IOperation statement)
    {
        while (statement is IBlockOperation { Operations.Length: > 0 } block)
        {
            statement = block.Operations[block.Operations.Length - 1];
        }

        return statement is IReturnOperation or IThrowOperation or IBranchOperation ||
               statement is IExpressionStatementOperation { Operation: IThrowOperation };
    }

    /// <summary>The lambda or local function an operation runs in, or the root of its body.</summary>
    public static IOperation EnclosingFunction(IOperation operation)
    {
        for (var current = operation; ; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation || current.Parent is null)
            {
                return current;
            }
        }
    }

    /// <summary><c>args.Completed += (s, e) => ...</c>, where the enclosing code sends with <c>args</c> and starts nothing else with it.</summary>
    private static bool IsSubscribedToSendOnlyArgs(IAnonymousFunctionOperation lambda, SocketErrorChecks reader, ConnectionModel model)
    {
        IOperation? current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current is not IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation { Event.Name: "Completed", Instance: { } subscribed } } ||
            reader.RootOf(subscribed) is not { } args)
        {
            return false;
        }

        var sends = false;
        foreach (var operation in BodyFacts.RootOf(lambda).Descendants())
        {
            if (operation is not IInvocationOperation { TargetMethod: var method } invocation ||
                !ConnectionModel.InheritsFrom(method.ContainingType, model.Socket) || !method.Name.EndsWith("Async", System.StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (ConnectionModel.InheritsFrom(argument.Value.Type, model.SocketAsyncEventArgs) &&
                    SymbolEqualityComparer.Default.Equals(reader.RootOf(argument.Value), args))
                {
                    if (!method.Name.StartsWith("Send", System.StringComparison.Ordinal))
                    {
                        return false;
                    }

                    sends = true;
                }
            }
        }

        return sends;
    }

    private static bool IsWrittenConnection(IOperation? receiver, ConnectionSemantics semantics, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases)
    {
        if (receiver is null)
        {
            // A static method of the project that writes a connection held in a static field.
            return true;
        }

        var stripped = ConnectionSemantics.Strip(receiver);
        var model = semantics.Model;
        if (model.IsNeverConnection(stripped.Type))
        {
            return false;
        }

        if (model.IsWrapperType(stripped.Type) && !model.IsConnectionType(stripped.Type) && !model.MayBeConnection(stripped, aliases))
        {
            return false;
        }

        return !IsDatagram(stripped, semantics, aliases);
    }

    internal static bool IsDatagramCreation(IObjectCreationOperation creation, ConnectionModel model)
    {
        if (!ConnectionModel.InheritsFrom(creation.Type, model.Socket))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (ConnectionSemantics.Strip(argument.Value) is IFieldReferenceOperation { Field: { HasConstantValue: true } field } &&
                field.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets" &&
                (field.ContainingType.Name == "SocketType" && field.Name == "Dgram" ||
                 field.ContainingType.Name == "ProtocolType" && field.Name == "Udp"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field or property of the project whose initializer, or an assignment in its type's constructors, creates a datagram socket.</summary>
    private static bool IsDatagramMember(ISymbol member, ConnectionSemantics semantics)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            // The declarator of this one field or auto-property: `_udp = new Socket(..., SocketType.Dgram, ...)`.
            var text = reference.GetSyntax().ToString();
            if (text.Contains("SocketType.Dgram") || text.Contains("ProtocolType.Udp"))
            {
                return true;
            }
        }

        if (member.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (semantics.GetBody(constructor) is not { } body)
            {
                continue;
            }

            foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(body))
            {
                if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target, Value: var value } &&
                    SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member.OriginalDefinition) &&
                    ConnectionSemantics.Strip(value) is IObjectCreationOperation creation &&
                    IsDatagramCreation(creation, semantics.Model))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
