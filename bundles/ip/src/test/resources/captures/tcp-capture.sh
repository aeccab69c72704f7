#!/bin/bash
# Captures a real Linux TCP exchange for the TCP wire tests. Run as root; writes tcp.txt here.
# Needs: iproute2 tcpdump socat ethtool.  A(10.99.1.2) --vA/vB-- B(10.99.1.1)
set -x
cleanup(){ ip netns del tcpA 2>/dev/null; ip netns del tcpB 2>/dev/null; }
trap cleanup EXIT
cleanup
ip netns add tcpA; ip netns add tcpB
ip link add vA netns tcpA type veth peer name vB netns tcpB
ip -n tcpA link set vA address 02:00:00:00:01:02
ip -n tcpB link set vB address 02:00:00:00:01:01
ip -n tcpA addr add 10.99.1.2/24 dev vA; ip -n tcpA link set vA up
ip -n tcpB addr add 10.99.1.1/24 dev vB; ip -n tcpB link set vB up
# veth offloads TX checksums (the capture would show only the pseudo-header sum): compute them in full.
ip netns exec tcpA ethtool -K vA tx off >/dev/null; ip netns exec tcpB ethtool -K vB tx off >/dev/null
ip netns exec tcpB socat -u TCP4-LISTEN:7777,reuseaddr OPEN:/dev/null & SP=$!
sleep 1
ip netns exec tcpA tcpdump -i vA -xx -n -c 8 -l tcp > tcp.txt 2>/dev/null & TP=$!
sleep 1
ip netns exec tcpA sh -c 'printf hello-motenet | socat -u - TCP4:10.99.1.1:7777,sourceport=40000'
sleep 1; kill $TP $SP 2>/dev/null; wait $TP 2>/dev/null
# A SYN to a port nobody listens on: the kernel answers RST+ACK.
ip netns exec tcpA tcpdump -i vA -xx -n -c 2 -l tcp > tcp-rst.txt 2>/dev/null & TP=$!
sleep 1
ip netns exec tcpA socat -u - TCP4:10.99.1.1:7778,sourceport=40001 </dev/null
sleep 1; kill $TP 2>/dev/null; wait $TP 2>/dev/null
