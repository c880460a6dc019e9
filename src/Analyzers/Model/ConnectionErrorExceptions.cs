using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Whether an exception expression may hold a socket error of a connection: a SocketException always; an exception
/// that may wrap one when it is a parameter (a helper that receives it), or a catch variable whose try block does
/// connection I/O (followed through InnerException, GetBaseException(), casts, locals and patterns). One per
/// operation block: it remembers the answer for each catch clause of the block.
/// </summary>
internal sealed class ConnectionErrorExceptions
{
    private const int MaxSteps = 8;

    private readonly ConnectionSemantics _semantics;
    private readonly ConnectionModel _model;

    // Made when first asked: most blocks have no comparison to judge, and one of these is made for each.
    private ConcurrentDictionary<ICatchClauseOperation, bool>? _catchAroundConnection;

    public ConnectionErrorExceptions(ConnectionSemantics semantics)
    {
        _semantics = semantics;
        _model = semantics.Model;
    }

    /// <summary>Whether <paramref name="exception"/> may hold a socket error raised by a connection.</summary>
    public bool MayHoldConnectionError(IOperation? exception) => MayHoldConnectionError(exception, 0);

    private ConcurrentDictionary<ICatchClauseOperation, bool> CatchAroundConnection()
    {
        if (_catchAroundConnection is null)
        {
            Interlocked.CompareExchange(ref _catchAroundConnection, new ConcurrentDictionary<ICatchClauseOperation, bool>(), null);
        }

        return _catchAroundConnection!;
    }

    private bool MayHoldConnectionError(IOperation? receiver, int depth)
    {
        if (receiver is null || depth > MaxSteps)
        {
            return false;
        }

        var type = receiver.Type;
        if (_model.IsSocketException(type))
        {
            return true;
        }

        if (!_model.CanBeSocketError(type))
        {
            return false;
        }

        switch (receiver)
        {
            case IConversionOperation conversion:
                return MayHoldConnectionError(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return MayHoldConnectionError(parenthesized.Operand, depth + 1);
            case IParameterReferenceOperation:
                return true;
            case ILocalReferenceOperation local:
                if (FindCatchClause(local) is { } clause)
                {
                    return CatchAroundConnection().GetOrAdd(clause, CatchIsAroundConnectionIo);
                }

                if (ValueOrigins.TryGetSingleValue(local, out var value))
                {
                    return MayHoldConnectionError(value, depth + 1);
                }

                return MayHoldConnectionError(FindPatternInputOfDeclaredLocal(local), depth + 1);
            case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } instance }:
                return MayHoldConnectionError(instance, depth + 1);
            case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } instance }:
                return MayHoldConnectionError(instance, depth + 1);
            case IConditionalAccessInstanceOperation conditionalInstance:
                var resolved = OperationInputs.ConditionalAccessReceiver(conditionalInstance) ?? (IOperation)conditionalInstance;
                return resolved != receiver && MayHoldConnectionError(resolved, depth + 1);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } patternInput:
                return MayHoldConnectionError(OperationInputs.PatternInputOfInstance(patternInput), depth + 1);
            default:
                return false;
        }
    }

    private static ICatchClauseOperation? FindCatchClause(ILocalReferenceOperation reference)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is ICatchClauseOperation clause && clause.Locals.Contains(reference.Local, SymbolEqualityComparer.Default))
            {
                return clause;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the try block of the catch does I/O on a connection: a call on a connection, on a stream, reader
    /// or writer that may wrap one, with a connection argument, or to a method of the project that does.
    /// A try block that only touches files, pipes or the console is not (its "Broken pipe" is not a socket's).
    /// </summary>
    private bool CatchIsAroundConnectionIo(ICatchClauseOperation clause)
    {
        if (clause.Parent is not ITryOperation { Body: { } body })
        {
            return false;
        }

        var localValues = ValueOrigins.AssignedOnceInEnclosingFunction(body);
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation invocation when IsConnectionIo(invocation, localValues):
                    return true;
                case IObjectCreationOperation { Arguments.Length: > 0 } creation when ConnectionModel.InheritsFrom(creation.Type, _model.TcpClient):
                    // new TcpClient(host, port) connects.
                    return true;
            }
        }

        return false;
    }

    private bool IsConnectionIo(IInvocationOperation invocation, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues)
    {
        var method = invocation.TargetMethod;
        if (_model.IsConnectionType(method.ContainingType) || ConnectionModel.InheritsFrom(method.ContainingType, _model.TcpListener))
        {
            return true;
        }

        if (invocation.Instance is { } instance)
        {
            var receiver = ConnectionSemantics.Strip(instance);
            if (_model.IsConnectionType(receiver.Type))
            {
                return true;
            }

            if (_model.IsWrapperType(receiver.Type))
            {
                if (_model.Classify(method) != ConnectionOperationKind.None && _model.MayBeConnection(receiver, localValues))
                {
                    return true;
                }
            }
            else if (_semantics.IsConnectionType(receiver.Type) && _semantics.EffectOnReceiver(invocation) != CallEffects.None)
            {
                // A session of the project: its method reads, writes or closes the connection it holds.
                return true;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = ConnectionSemantics.Strip(argument.Value);
            if (_model.IsConnectionType(value.Type) ||
                _semantics.EffectOnArgument(invocation, argument) != CallEffects.None && _model.MayBeConnection(value, localValues))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FindPatternInputOfDeclaredLocal(ILocalReferenceOperation reference)
    {
        foreach (var operation in BodyFacts.RootOf(reference).Descendants())
        {
            var declared = operation switch
            {
                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                _ => null,
            };
            if (declared is not null && SymbolEqualityComparer.Default.Equals(declared, reference.Local))
            {
                return OperationInputs.PatternInput((IPatternOperation)operation);
            }
        }

        return null;
    }
}
