using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// What a call does to the connections it touches: the framework's own calls by kind, declared methods, and the
/// project's methods through their summaries (effects on the instance's connection members and on connection
/// arguments, composed through calls to <see cref="MaxSummaryDepth"/>, computed lazily and cached).
/// </summary>
public sealed partial class ConnectionSemantics
{
    /// <summary>How many calls deep a summary looks through the project's own methods.</summary>
    public const int MaxSummaryDepth = 4;

    /// <summary>What a call does to its receiver and to each argument's connection.</summary>
    public CallEffects EffectOnReceiver(IInvocationOperation invocation) =>
        EffectOnReceiver(invocation, ImmutableHashSet<IMethodSymbol>.Empty, MaxSummaryDepth);

    public CallEffects EffectOnArgument(IInvocationOperation invocation, IArgumentOperation argument) =>
        argument.Parameter is { } parameter && IsInSource(invocation.TargetMethod)
            ? SummaryOfCall(invocation).OnParameter(parameter.Ordinal)
            : EffectOnExtendedSocket(invocation, argument);

    /// <summary><c>socket.SendAsync(..)</c> as an extension method (netstandard2.0): its effect on the socket it extends.</summary>
    private CallEffects EffectOnExtendedSocket(IInvocationOperation invocation, IArgumentOperation argument)
    {
        if (argument.Parameter is not { Ordinal: 0 })
        {
            return CallEffects.None;
        }

        return Model.ClassifySocketExtension(invocation.TargetMethod) switch
        {
            ConnectionOperationKind.Read => CallEffects.Read,
            ConnectionOperationKind.Write => CallEffects.Write,
            ConnectionOperationKind.Connect => CallEffects.Connect,
            _ => CallEffects.None,
        };
    }

    /// <summary>The summary of a method of the project (empty for metadata methods).</summary>
    public MethodSummary GetSummary(IMethodSymbol method) =>
        IsInSource(method) ? Summary(method, ImmutableHashSet<IMethodSymbol>.Empty, MaxSummaryDepth) : MethodSummary.Empty;

    /// <summary>Whether the call throws (or rethrows) a SocketException itself: a project method that does.</summary>
    public bool ThrowsSocketException(IInvocationOperation invocation) =>
        IsInSource(invocation.TargetMethod) && GetSummary(invocation.TargetMethod).ThrowsSocketException;

    /// <summary>Shutdown's direction from its argument: Send/Both, or anything else.</summary>
    public CallEffects ShutdownEffect(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.ConstantValue is { HasValue: true, Value: int how } &&
                Model.SocketShutdown is not null &&
                SymbolEqualityComparer.Default.Equals(argument.Value.Type, Model.SocketShutdown))
            {
                // SocketShutdown: Receive = 0, Send = 1, Both = 2.
                return how is 1 or 2 ? CallEffects.ShutdownSend : CallEffects.ShutdownOther;
            }
        }

        return CallEffects.ShutdownOther;
    }

    private CallEffects EffectOnReceiver(IInvocationOperation invocation, ImmutableHashSet<IMethodSymbol> visiting, int depth)
    {
        var method = invocation.TargetMethod;
        switch (Model.Classify(method))
        {
            case ConnectionOperationKind.Read:
                return CallEffects.Read;
            case ConnectionOperationKind.Write:
                return CallEffects.Write;
            case ConnectionOperationKind.Shutdown:
                return ShutdownEffect(invocation);
            case ConnectionOperationKind.Close:
                return CallEffects.Close;
            case ConnectionOperationKind.Connect:
                return CallEffects.Connect;
        }

        // IDisposable.Dispose / IAsyncDisposable.DisposeAsync on a connection (the end of a using).
        if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.IsEmpty)
        {
            return CallEffects.Close;
        }

        var declared = Declared.Classify(method);
        if (declared != CallEffects.None)
        {
            return declared;
        }

        if (!IsInSource(method))
        {
            return CallEffects.None;
        }

        var effects = Summary(method, visiting, depth).OnInstance;
        return StartsUnawaitedWork(invocation) ? Deferred(effects) : effects;
    }

    private MethodSummary Summary(IMethodSymbol method, ImmutableHashSet<IMethodSymbol> visiting, int depth)
    {
        method = method.OriginalDefinition;
        if (_summaries.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (depth <= 0 || visiting.Contains(method))
        {
            // Truncated: not cached, so a call from a shallower place computes it fully.
            return MethodSummary.Empty;
        }

        var summary = method.IsAbstract || method.ContainingType?.TypeKind == TypeKind.Interface
            ? SummarizeImplementations(method, visiting.Add(method), depth - 1, out var complete)
            : SummarizeBody(method, visiting.Add(method), depth - 1, out complete);
        if (complete)
        {
            _summaries.TryAdd(method, summary);
        }

        return summary;
    }

    /// <summary>An interface or abstract method does what every one of its implementations in the compilation does.</summary>
    private MethodSummary SummarizeImplementations(IMethodSymbol method, ImmutableHashSet<IMethodSymbol> visiting, int depth, out bool complete)
    {
        complete = true;
        MethodSummary? common = null;
        foreach (var type in SourceTypes())
        {
            var implementation = method.ContainingType.TypeKind == TypeKind.Interface
                ? type.FindImplementationForInterfaceMember(method) as IMethodSymbol
                : FindOverride(type, method);
            if (implementation is null || implementation.IsAbstract || !IsInSource(implementation))
            {
                continue;
            }

            var summary = Summary(implementation, visiting, depth);
            complete &= _summaries.ContainsKey(implementation.OriginalDefinition);
            common = common is null ? Instantiate(summary, method) : Intersect(common, Instantiate(summary, method));
        }

        return common ?? MethodSummary.Empty;
    }

    private MethodSummary SummarizeBody(IMethodSymbol method, ImmutableHashSet<IMethodSymbol> visiting, int depth, out bool complete)
    {
        complete = true;
        var body = GetBodyOperation(method);
        if (body is null)
        {
            return MethodSummary.Empty;
        }

        var onFields = new Dictionary<ISymbol, CallEffects>(SymbolEqualityComparer.Default);
        var onParameters = new CallEffects[method.Parameters.Length];
        var throws = false;
        var aliases = ValueOrigins.AssignedOnceIn(body);

        // Where each member is first replaced and first used for I/O: a replacement counts only when it comes first.
        var firstIo = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        var firstReplacement = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);

        void Note(ISymbol member, CallEffects effects, int position)
        {
            if ((effects & CallEffects.Io) != 0 && (!firstIo.TryGetValue(member, out var io) || position < io))
            {
                firstIo[member] = position;
            }

            if ((effects & CallEffects.Replace) != 0 && (!firstReplacement.TryGetValue(member, out var replaced) || position < replaced))
            {
                firstReplacement[member] = position;
            }
        }

        // Writes sent only where a failure cannot escape (a goodbye in a try that catches it, or under a Connected
        // test): on a connection the method also closes, the method is a close, not a write.
        var guardedWrites = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        void Apply(IOperation? target, CallEffects effects, MethodSummary? callee)
        {
            if (effects == CallEffects.None && callee is null)
            {
                return;
            }

            var position = target?.Syntax.SpanStart ?? 0;

            switch (ResolveInSummary(target, aliases, method))
            {
                case IParameterSymbol parameter when parameter.Ordinal < onParameters.Length &&
                                                     SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method):
                    onParameters[parameter.Ordinal] |= effects;
                    break;
                case { Kind: SymbolKind.Field or SymbolKind.Property } member:
                    onFields[member] = onFields.TryGetValue(member, out var existing) ? existing | effects : effects;
                    Note(member, effects, position);
                    break;
                case IMethodSymbol:
                    // The receiver is this instance itself: the callee's field effects are ours.
                    if (callee is not null)
                    {
                        foreach (var pair in callee.OnFields)
                        {
                            onFields[pair.Key] = onFields.TryGetValue(pair.Key, out var before) ? before | pair.Value : pair.Value;
                            Note(pair.Key, pair.Value, position);
                        }
                    }

                    break;
            }
        }

        void ApplyToResources(IOperation resources, CallEffects effects)
        {
            if (resources is IVariableDeclarationGroupOperation group)
            {
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        Apply(declarator.Initializer?.Value, effects, callee: null);
                    }
                }
            }
            else
            {
                Apply(resources, effects, callee: null);
            }
        }

        foreach (var operation in DescendantsOutsideFunctions(body))
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                {
                    var target = invocation.TargetMethod;
                    var calleeSummary = IsInSource(target) ? Summary(target, visiting, depth) : null;
                    if (calleeSummary is not null && !_summaries.ContainsKey(target.OriginalDefinition) && !calleeSummary.IsEmpty)
                    {
                        complete = false;
                    }

                    if (calleeSummary is not null && StartsUnawaitedWork(invocation))
                    {
                        calleeSummary = Deferred(calleeSummary);
                    }

                    var receiverEffects = EffectOnReceiver(invocation, visiting, depth);
                    if ((receiverEffects & CallEffects.Write) != 0 &&
                        ResolveInSummary(invocation.Instance, aliases, method) is { Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Parameter } written &&
                        (ConnectedGuards.IsGuardedByConnected(invocation) || ConnectedGuards.IsInsideTryCatchingConnectionErrors(invocation, Model)))
                    {
                        guardedWrites.Add(written);
                        receiverEffects &= ~CallEffects.Write;
                    }

                    Apply(invocation.Instance, receiverEffects, calleeSummary);
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
                        {
                            continue;
                        }

                        var passed = calleeSummary is not null
                            ? calleeSummary.OnParameter(parameter.Ordinal)
                            : EffectOnExtendedSocket(invocation, argument) is var extended && extended != CallEffects.None
                                ? extended
                                : Declared.IsOwnershipTransfer(target) || Model.Classify(target) == ConnectionOperationKind.None ? CallEffects.HandOff : CallEffects.None;
                        Apply(argument.Value, passed, callee: null);
                    }

                    throws |= calleeSummary?.ThrowsSocketException == true;
                    break;
                }

                case IObjectCreationOperation creation when !Model.TryGetWrappedConnection(creation, out _, out _):
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Parameter is { } parameter)
                        {
                            var passed = IsInSource(creation.Constructor!)
                                ? Summary(creation.Constructor!, visiting, depth).OnParameter(parameter.Ordinal) & CallEffects.HandOff
                                : CallEffects.HandOff;
                            Apply(argument.Value, passed, callee: null);
                        }
                    }

                    break;

                case ISimpleAssignmentOperation { Target: not (ILocalReferenceOperation or IParameterReferenceOperation) } store:
                    // Stored in a field, property or array element: kept beyond the call.
                    if (ResolveInSummary(store.Value, aliases, method) is IParameterSymbol)
                    {
                        Apply(store.Value, CallEffects.HandOff, callee: null);
                    }

                    if (Strip(store.Target) is IMemberReferenceOperation { Instance: null or IInstanceReferenceOperation })
                    {
                        // A connection member of this instance given a new value: a reconnect, a new session.
                        Apply(store.Target, CallEffects.Replace, callee: null);
                    }

                    break;

                case IUsingOperation { Resources: { } resources }:
                    // using (x) / using (var y = x): x is closed at the end.
                    ApplyToResources(resources, CallEffects.Close);
                    break;

                case IUsingDeclarationOperation { DeclarationGroup: { } group }:
                    ApplyToResources(group, CallEffects.Close);
                    break;

                case IReturnOperation { ReturnedValue: { } returned }:
                    Apply(returned, CallEffects.HandOff, callee: null);
                    break;

                case IThrowOperation { Exception: { } thrown }:
                    throws |= Model.IsSocketException(Strip(thrown).Type);
                    break;

                case IThrowOperation { Exception: null } rethrow:
                    throws |= Model.IsSocketException(EnclosingCatchType(rethrow));
                    break;
            }
        }

        foreach (var function in body.Descendants())
        {
            if (function is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (var captured in function.Descendants())
            {
                if (captured is IParameterReferenceOperation reference && reference.Parameter.ContainingSymbol.Equals(method, SymbolEqualityComparer.Default))
                {
                    onParameters[reference.Parameter.Ordinal] |= CallEffects.HandOff;
                }
            }
        }

        foreach (var written in guardedWrites)
        {
            if (written is IParameterSymbol { Ordinal: var ordinal } && SymbolEqualityComparer.Default.Equals(written.ContainingSymbol, method) &&
                ordinal < onParameters.Length)
            {
                onParameters[ordinal] |= (onParameters[ordinal] & CallEffects.Close) != 0 ? CallEffects.None : CallEffects.Write;
            }
            else if (written is not IParameterSymbol)
            {
                var effects = onFields.TryGetValue(written, out var known) ? known : CallEffects.None;
                onFields[written] = (effects & CallEffects.Close) != 0 ? effects : effects | CallEffects.Write;
            }
        }

        var firstIoOnAny = int.MaxValue;
        foreach (var io in firstIo.Values)
        {
            firstIoOnAny = System.Math.Min(firstIoOnAny, io);
        }

        foreach (var pair in firstReplacement)
        {
            if (firstIoOnAny < pair.Value)
            {
                // I/O comes first (a write, then a reconnect when it failed): the caller's connection is used before it is replaced.
                onFields[pair.Key] &= ~CallEffects.Replace;
            }
        }

        return new MethodSummary(
            onFields.ToImmutableDictionary(SymbolEqualityComparer.Default),
            onParameters.ToImmutableArray(),
            throws);
    }

    /// <summary>
    /// In a summary, what an expression refers to: a parameter, a connection member of <c>this</c>, or the
    /// containing method itself standing for <c>this</c>. Locals are followed through their initializers.
    /// </summary>
    private ISymbol? ResolveInSummary(IOperation? operation, IReadOnlyDictionary<ILocalSymbol, IOperation> aliases, IMethodSymbol method)
    {
        for (var steps = 0; operation is not null && steps < 8; steps++)
        {
            operation = Strip(operation);
            switch (operation)
            {
                case IInstanceReferenceOperation:
                    return method;
                case IParameterReferenceOperation parameterReference:
                    return parameterReference.Parameter;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } fieldReference
                    when IsConnectionMember(fieldReference.Field):
                    return fieldReference.Field.OriginalDefinition;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } propertyReference
                    when IsConnectionMember(propertyReference.Property):
                    return propertyReference.Property.OriginalDefinition;
                case ILocalReferenceOperation localReference when aliases.TryGetValue(localReference.Local, out var value):
                    operation = value;
                    continue;
                default:
                    if (Model.TryGetWrappedConnection(operation, out var wrapped, out _) ||
                        Model.TryGetClientOfSocket(operation, out wrapped))
                    {
                        operation = wrapped;
                        continue;
                    }

                    return null;
            }
        }

        return null;
    }

    private static IMethodSymbol? FindOverride(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var member in type.GetMembers(method.Name))
        {
            for (var candidate = member as IMethodSymbol; candidate is not null; candidate = candidate.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method.OriginalDefinition))
                {
                    return (IMethodSymbol)member;
                }
            }
        }

        return null;
    }

    /// <summary>An implementation's summary seen through the declaring method (parameters line up by ordinal).</summary>
    private static MethodSummary Instantiate(MethodSummary summary, IMethodSymbol declaration) =>
        new MethodSummary(
            ImmutableDictionary<ISymbol, CallEffects>.Empty.WithComparers(SymbolEqualityComparer.Default)
                .Add(declaration, summary.OnInstance),
            summary.OnParameters,
            summary.ThrowsSocketException);

    private static MethodSummary Intersect(MethodSummary left, MethodSummary right)
    {
        var onFields = ImmutableDictionary<ISymbol, CallEffects>.Empty.WithComparers(SymbolEqualityComparer.Default);
        foreach (var pair in left.OnFields)
        {
            if (right.OnFields.TryGetValue(pair.Key, out var other) && (pair.Value & other) != CallEffects.None)
            {
                onFields = onFields.Add(pair.Key, pair.Value & other);
            }
        }

        var count = System.Math.Min(left.OnParameters.Length, right.OnParameters.Length);
        var onParameters = ImmutableArray.CreateBuilder<CallEffects>(count);
        for (var i = 0; i < count; i++)
        {
            onParameters.Add(left.OnParameters[i] & right.OnParameters[i]);
        }

        return new MethodSummary(onFields, onParameters.MoveToImmutable(), left.ThrowsSocketException && right.ThrowsSocketException);
    }

    private ITypeSymbol? EnclosingCatchType(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ICatchClauseOperation clause)
            {
                return clause.ExceptionType;
            }
        }

        return null;
    }
}
