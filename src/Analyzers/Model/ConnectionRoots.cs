using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The variable a connection expression comes down to — its root: the local, parameter, field or property that
/// holds the connection, seen through wrappers (<c>new StreamReader(ns)</c>, <c>client.GetStream()</c>,
/// <c>new NetworkStream(s)</c>), copies, locals assigned once, and members of another object
/// (<c>client.Client</c>, <c>session.Stream</c>, <c>reader.BaseStream</c>: the root is that object's).
/// Only a known connection has a root: somewhere on the way a value has a connection type (or is a member that
/// holds one), and nothing is a FileStream/MemoryStream/PipeStream/UdpClient. A <c>Stream</c> or
/// <c>StreamReader</c> parameter of unknown origin has none. Two expressions with the same root are the same connection
/// as long as the root is not reassigned.
/// </summary>
public sealed class ConnectionRoots
{
    private const int MaxSteps = 12;

    private readonly ConnectionSemantics _semantics;
    private readonly IReadOnlyDictionary<ILocalSymbol, IOperation> _localValues;

    /// <param name="localValues">Locals assigned once, to their value (<see cref="ConnectionSemantics.LocalAliases"/>).</param>
    public ConnectionRoots(ConnectionSemantics semantics, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues)
    {
        _semantics = semantics;
        _localValues = localValues;
    }

    /// <summary>The root of the connection <paramref name="value"/> evaluates to, or null when it is not known to be a connection.</summary>
    public ISymbol? RootOf(IOperation? value)
    {
        ISymbol? root = null;
        var isConnection = false;
        for (var steps = 0; value is not null && steps < MaxSteps; steps++)
        {
            value = ConnectionSemantics.Strip(value);
            var type = value.Type;
            if (type is { TypeKind: TypeKind.Error } || _semantics.Model.IsNeverConnection(type))
            {
                return null;
            }

            isConnection |= _semantics.IsConnectionType(type);
            switch (value)
            {
                case ILocalReferenceOperation local:
                    root = local.Local;
                    if (_localValues.TryGetValue(local.Local, out var assigned) && IsAlias(assigned))
                    {
                        value = assigned;
                        continue;
                    }

                    return isConnection ? root : null;

                case IParameterReferenceOperation parameter:
                    return isConnection ? parameter.Parameter : null;

                case IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member
                    when member is not IPropertyReferenceOperation { Arguments.IsEmpty: false }:
                    isConnection |= _semantics.IsConnectionMember(member.Member);
                    if (member.Instance is null or IInstanceReferenceOperation)
                    {
                        return isConnection ? member.Member.OriginalDefinition : null;
                    }

                    // A member of another object (client.Client, session.Stream): that object is the connection's holder.
                    value = member.Instance;
                    continue;

                default:
                    if (_semantics.Model.TryGetWrappedConnection(value, out var wrapped, out _))
                    {
                        value = wrapped;
                        continue;
                    }

                    return null;
            }
        }

        return null;
    }

    /// <summary>The root of a local, parameter, field or property, or null when it does not hold a known connection.</summary>
    public ISymbol? RootOf(ISymbol symbol)
    {
        switch (symbol)
        {
            case ILocalSymbol local:
                if (_semantics.Model.IsNeverConnection(local.Type))
                {
                    return null;
                }

                if (_localValues.TryGetValue(local, out var assigned) && IsAlias(assigned))
                {
                    return RootOf(assigned) ?? (_semantics.IsConnectionType(local.Type) ? local : null);
                }

                return _semantics.IsConnectionType(local.Type) ? local : null;
            case IParameterSymbol parameter:
                return _semantics.IsConnectionType(parameter.Type) && !_semantics.Model.IsNeverConnection(parameter.Type) ? parameter : null;
            case IFieldSymbol or IPropertySymbol:
                return _semantics.IsConnectionMember(symbol) ? symbol.OriginalDefinition : null;
            default:
                return null;
        }
    }

    /// <summary>A value that is the same connection as another expression: a copy or a wrapper of it (not a new connection).</summary>
    private bool IsAlias(IOperation value)
    {
        value = ConnectionSemantics.Strip(value);
        return value is ILocalReferenceOperation or IParameterReferenceOperation or IMemberReferenceOperation ||
               _semantics.Model.TryGetWrappedConnection(value, out _, out _);
    }

    /// <summary>A local, parameter, or member of <c>this</c> (or static) that an operation names.</summary>
    public static ISymbol? SymbolOf(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property.OriginalDefinition,
        _ => null,
    };
}
