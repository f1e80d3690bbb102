#!/usr/bin/env python3
"""Writes the component checks (control-plane flags, etcd flags, kubelet configuration) and their pass/fail fixtures
from the table below; written once, then kept by hand like gen_cis.py. Run from the repository root:
  python3 kubeward-compliance/src/build/gen_component_checks.py
Fixtures are kubeadm-shaped static pod manifests (the shape kubeadm v1.31 writes to /etc/kubernetes/manifests, as the
API server shows the mirror pods) and configz responses; a pass fixture is a compliant component, a fail fixture the
same component with the one setting the check is about changed.
"""
import copy
import os

import yaml

ROOT = 'kubeward-compliance/src/main/resources/dev/kubeward/compliance/components'
STRONG_API = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
              'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
              'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
              'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
              'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256']
STRONG_KUBELET = ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
                  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
                  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384']

# Compliant flags per component, as a hardened kubeadm control plane has them.
API = {
    'advertise-address': '192.168.49.2', 'allow-privileged': 'true', 'anonymous-auth': 'false',
    'authorization-mode': 'Node,RBAC', 'client-ca-file': '/etc/kubernetes/pki/ca.crt',
    'enable-admission-plugins': 'NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs',
    'admission-control-config-file': '/etc/kubernetes/admission/config.yaml',
    'enable-bootstrap-token-auth': 'true', 'etcd-cafile': '/etc/kubernetes/pki/etcd/ca.crt',
    'etcd-certfile': '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    'etcd-keyfile': '/etc/kubernetes/pki/apiserver-etcd-client.key', 'etcd-servers': 'https://127.0.0.1:2379',
    'kubelet-certificate-authority': '/etc/kubernetes/pki/ca.crt',
    'kubelet-client-certificate': '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    'kubelet-client-key': '/etc/kubernetes/pki/apiserver-kubelet-client.key',
    'kubelet-preferred-address-types': 'InternalIP,ExternalIP,Hostname', 'profiling': 'false',
    'audit-log-path': '/var/log/kubernetes/audit/audit.log', 'audit-log-maxage': '30', 'audit-log-maxbackup': '10',
    'audit-log-maxsize': '100', 'audit-policy-file': '/etc/kubernetes/audit/policy.yaml',
    'encryption-provider-config': '/etc/kubernetes/encryption/config.yaml',
    'proxy-client-cert-file': '/etc/kubernetes/pki/front-proxy-client.crt',
    'proxy-client-key-file': '/etc/kubernetes/pki/front-proxy-client.key',
    'requestheader-allowed-names': 'front-proxy-client',
    'requestheader-client-ca-file': '/etc/kubernetes/pki/front-proxy-ca.crt', 'secure-port': '6443',
    'service-account-issuer': 'https://kubernetes.default.svc.cluster.local',
    'service-account-key-file': '/etc/kubernetes/pki/sa.pub',
    'service-account-signing-key-file': '/etc/kubernetes/pki/sa.key',
    'service-account-extend-token-expiration': 'false', 'service-cluster-ip-range': '10.96.0.0/12',
    'tls-cert-file': '/etc/kubernetes/pki/apiserver.crt', 'tls-private-key-file': '/etc/kubernetes/pki/apiserver.key',
    'tls-cipher-suites': 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
}
KCM = {
    'allocate-node-cidrs': 'true', 'authentication-kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'authorization-kubeconfig': '/etc/kubernetes/controller-manager.conf', 'bind-address': '127.0.0.1',
    'client-ca-file': '/etc/kubernetes/pki/ca.crt', 'cluster-cidr': '10.244.0.0/16', 'cluster-name': 'kubernetes',
    'cluster-signing-cert-file': '/etc/kubernetes/pki/ca.crt', 'cluster-signing-key-file': '/etc/kubernetes/pki/ca.key',
    'controllers': '*,bootstrapsigner,tokencleaner', 'kubeconfig': '/etc/kubernetes/controller-manager.conf',
    'leader-elect': 'true', 'profiling': 'false', 'requestheader-client-ca-file': '/etc/kubernetes/pki/front-proxy-ca.crt',
    'root-ca-file': '/etc/kubernetes/pki/ca.crt', 'service-account-private-key-file': '/etc/kubernetes/pki/sa.key',
    'service-cluster-ip-range': '10.96.0.0/12', 'terminated-pod-gc-threshold': '10',
    'use-service-account-credentials': 'true',
}
SCHED = {
    'authentication-kubeconfig': '/etc/kubernetes/scheduler.conf',
    'authorization-kubeconfig': '/etc/kubernetes/scheduler.conf', 'bind-address': '127.0.0.1',
    'kubeconfig': '/etc/kubernetes/scheduler.conf', 'leader-elect': 'true', 'profiling': 'false',
}
ETCD = {
    'advertise-client-urls': 'https://192.168.49.2:2379', 'cert-file': '/etc/kubernetes/pki/etcd/server.crt',
    'client-cert-auth': 'true', 'data-dir': '/var/lib/etcd', 'experimental-initial-corrupt-check': 'true',
    'initial-advertise-peer-urls': 'https://192.168.49.2:2380',
    'initial-cluster': 'cp-1=https://192.168.49.2:2380', 'key-file': '/etc/kubernetes/pki/etcd/server.key',
    'listen-client-urls': 'https://127.0.0.1:2379,https://192.168.49.2:2379',
    'listen-metrics-urls': 'http://127.0.0.1:2381', 'listen-peer-urls': 'https://192.168.49.2:2380', 'name': 'cp-1',
    'peer-cert-file': '/etc/kubernetes/pki/etcd/peer.crt', 'peer-client-cert-auth': 'true',
    'peer-key-file': '/etc/kubernetes/pki/etcd/peer.key', 'peer-trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
    'snapshot-count': '10000', 'trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
}
KUBELET = {
    'kind': 'KubeletConfiguration', 'apiVersion': 'kubelet.config.k8s.io/v1beta1',
    'enableServer': True, 'staticPodPath': '/etc/kubernetes/manifests', 'syncFrequency': '1m0s',
    'fileCheckFrequency': '20s', 'httpCheckFrequency': '20s', 'address': '0.0.0.0', 'port': 10250,
    'tlsCertFile': '/var/lib/kubelet/pki/kubelet.crt', 'tlsPrivateKeyFile': '/var/lib/kubelet/pki/kubelet.key',
    'tlsCipherSuites': ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    'rotateCertificates': True, 'serverTLSBootstrap': True,
    'authentication': {'x509': {'clientCAFile': '/etc/kubernetes/pki/ca.crt'},
                       'webhook': {'enabled': True, 'cacheTTL': '2m0s'}, 'anonymous': {'enabled': False}},
    'authorization': {'mode': 'Webhook', 'webhook': {'cacheAuthorizedTTL': '5m0s', 'cacheUnauthorizedTTL': '30s'}},
    'registryPullQPS': 5, 'registryBurst': 10, 'eventRecordQPS': 50, 'eventBurst': 100, 'enableDebuggingHandlers': True,
    'healthzPort': 10248, 'healthzBindAddress': '127.0.0.1', 'oomScoreAdj': -999, 'clusterDomain': 'cluster.local',
    'clusterDNS': ['10.96.0.10'], 'streamingConnectionIdleTimeout': '4h0m0s', 'nodeStatusUpdateFrequency': '10s',
    'imageMinimumGCAge': '2m0s', 'imageGCHighThresholdPercent': 85, 'imageGCLowThresholdPercent': 80,
    'volumeStatsAggPeriod': '1m0s', 'cgroupsPerQOS': True, 'cgroupDriver': 'systemd', 'cpuManagerPolicy': 'none',
    'runtimeRequestTimeout': '2m0s', 'hairpinMode': 'promiscuous-bridge', 'maxPods': 110, 'podPidsLimit': 4096,
    'resolvConf': '/run/systemd/resolve/resolv.conf', 'protectKernelDefaults': True, 'makeIPTablesUtilChains': True,
    'iptablesMasqueradeBit': 14, 'iptablesDropBit': 15, 'failSwapOn': True, 'containerLogMaxSize': '10Mi',
    'containerLogMaxFiles': 5, 'seccompDefault': True, 'featureGates': {'RotateKubeletServerCertificate': True},
    'evictionHard': {'imagefs.available': '15%', 'memory.available': '100Mi', 'nodefs.available': '10%'},
}
BASE = {'KubeAPIServer': ('kube-apiserver', API), 'KubeControllerManager': ('kube-controller-manager', KCM),
        'KubeScheduler': ('kube-scheduler', SCHED), 'Etcd': ('etcd', ETCD)}
IMAGE = {'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.31.2',
         'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.31.2',
         'kube-scheduler': 'registry.k8s.io/kube-scheduler:v1.31.2', 'etcd': 'registry.k8s.io/etcd:3.5.15-0'}

F = "object.spec.flags"


def flag(name, default):
    return f"{F}[?'{name}'].orValue('{default}')"


def unset(name):
    return f"!('{name}' in {F})"


def plugins(var='enable-admission-plugins'):
    return f"{F}[?'{var}'].orValue('').split(',').map(p, p.trim())"


# id, cis, kind, severity, title, condition, message, remediation, pass variants, fail variants
# variants: (suffix, {flag: value or None to remove}) for static pods; (suffix, {path: value or None}) for kubelets
CHECKS = [
    ('KW-CP-001', '1.2.1', 'KubeAPIServer', 'Medium', 'API server accepts anonymous requests',
     f"{flag('anonymous-auth', 'true')} != 'false'",
     "kube-apiserver on {{object.spec.node}}: --anonymous-auth is {{" + flag('anonymous-auth', 'true (default)') + "}}",
     'Set --anonymous-auth=false (or limit anonymous access to health endpoints with an AuthenticationConfiguration).',
     [], [('unset', {'anonymous-auth': None}), ('true', {'anonymous-auth': 'true'})]),
    ('KW-CP-002', '1.2.2', 'KubeAPIServer', 'High', 'API server accepts static token authentication',
     f"'token-auth-file' in {F}", "kube-apiserver on {{object.spec.node}} reads static tokens from "
     "{{object.spec.flags['token-auth-file']}}", 'Remove --token-auth-file; use certificates, OIDC or webhook tokens.',
     [], [('', {'token-auth-file': '/etc/kubernetes/tokens.csv'})]),
    ('KW-CP-003', '1.2.3', 'KubeAPIServer', 'Low', 'API server does not deny Service externalIPs',
     f"!({plugins()}.exists(p, p == 'DenyServiceExternalIPs'))",
     'kube-apiserver on {{object.spec.node}}: the DenyServiceExternalIPs admission plugin is not enabled',
     'Add DenyServiceExternalIPs to --enable-admission-plugins.', [],
     [('', {'enable-admission-plugins': 'NodeRestriction,EventRateLimit,AlwaysPullImages'})]),
    ('KW-CP-004', '1.2.4', 'KubeAPIServer', 'High', 'API server has no client certificate for kubelets',
     f"{unset('kubelet-client-certificate')} || {unset('kubelet-client-key')}",
     'kube-apiserver on {{object.spec.node}} lacks --kubelet-client-certificate or --kubelet-client-key',
     'Set --kubelet-client-certificate and --kubelet-client-key to the API server\'s kubelet client certificate.',
     [], [('', {'kubelet-client-key': None})]),
    ('KW-CP-005', '1.2.5', 'KubeAPIServer', 'High', 'API server does not verify kubelet certificates',
     unset('kubelet-certificate-authority'),
     'kube-apiserver on {{object.spec.node}} has no --kubelet-certificate-authority: kubelet connections are not'
     ' verified', 'Set --kubelet-certificate-authority to the CA that signs the kubelets\' serving certificates.',
     [], [('', {'kubelet-certificate-authority': None})]),
    ('KW-CP-006', '1.2.6', 'KubeAPIServer', 'High', 'API server authorizes every request (AlwaysAllow)',
     f"'authorization-config' in {F} || {flag('authorization-mode', 'AlwaysAllow')}.split(',')"
     ".exists(m, m.trim() == 'AlwaysAllow')",
     "kube-apiserver on {{object.spec.node}}: authorization is {{" + F + "[?'authorization-config'].hasValue() ? "
     "'configured in the file ' + " + F + "['authorization-config'] + ', which Kubeward cannot read; check it by hand' "
     ": " + flag('authorization-mode', 'AlwaysAllow (default)') + "}}",
     'Set --authorization-mode=Node,RBAC (never AlwaysAllow).', [],
     [('unset', {'authorization-mode': None}), ('always-allow', {'authorization-mode': 'AlwaysAllow'}),
      ('config-file', {'authorization-mode': None, 'authorization-config': '/etc/kubernetes/authz.yaml'})]),
    ('KW-CP-007', '1.2.7', 'KubeAPIServer', 'Medium', 'API server does not use the Node authorizer',
     f"!{flag('authorization-mode', 'AlwaysAllow')}.split(',').exists(m, m.trim() == 'Node')",
     "kube-apiserver on {{object.spec.node}}: --authorization-mode is {{" + flag('authorization-mode', 'unset') + "}}",
     'Include Node in --authorization-mode (Node,RBAC).', [], [('', {'authorization-mode': 'RBAC'})]),
    ('KW-CP-008', '1.2.8', 'KubeAPIServer', 'High', 'API server does not use RBAC',
     f"!{flag('authorization-mode', 'AlwaysAllow')}.split(',').exists(m, m.trim() == 'RBAC')",
     "kube-apiserver on {{object.spec.node}}: --authorization-mode is {{" + flag('authorization-mode', 'unset') + "}}",
     'Include RBAC in --authorization-mode (Node,RBAC).', [], [('', {'authorization-mode': 'Node,Webhook'})]),
    ('KW-CP-009', '1.2.9', 'KubeAPIServer', 'Low', 'API server does not limit the event rate',
     f"!({plugins()}.exists(p, p == 'EventRateLimit')) || {unset('admission-control-config-file')}",
     'kube-apiserver on {{object.spec.node}}: EventRateLimit is not enabled with an admission configuration file',
     'Add EventRateLimit to --enable-admission-plugins and configure its limits in --admission-control-config-file.',
     [], [('', {'enable-admission-plugins': 'NodeRestriction,AlwaysPullImages,DenyServiceExternalIPs'})]),
    ('KW-CP-010', '1.2.10', 'KubeAPIServer', 'High', 'API server admits every request (AlwaysAdmit)',
     f"{plugins()}.exists(p, p == 'AlwaysAdmit')",
     'kube-apiserver on {{object.spec.node}} enables the AlwaysAdmit admission plugin',
     'Remove AlwaysAdmit from --enable-admission-plugins.', [],
     [('', {'enable-admission-plugins': 'NodeRestriction,AlwaysAdmit'})]),
    ('KW-CP-011', '1.2.11', 'KubeAPIServer', 'Low', 'API server does not force image pulls (AlwaysPullImages)',
     f"!({plugins()}.exists(p, p == 'AlwaysPullImages'))",
     'kube-apiserver on {{object.spec.node}}: the AlwaysPullImages admission plugin is not enabled',
     'Add AlwaysPullImages to --enable-admission-plugins, so a pod cannot use a private image another pod pulled.',
     [], [('', {'enable-admission-plugins': 'NodeRestriction,EventRateLimit'})]),
    ('KW-CP-012', '1.2.12', 'KubeAPIServer', 'Medium', 'API server disables the ServiceAccount admission plugin',
     f"{plugins('disable-admission-plugins')}.exists(p, p == 'ServiceAccount')",
     'kube-apiserver on {{object.spec.node}} disables the ServiceAccount admission plugin',
     'Remove ServiceAccount from --disable-admission-plugins (it is on by default).', [('default', {})],
     [('', {'disable-admission-plugins': 'ServiceAccount'})]),
    ('KW-CP-013', '1.2.13', 'KubeAPIServer', 'Medium', 'API server disables the NamespaceLifecycle admission plugin',
     f"{plugins('disable-admission-plugins')}.exists(p, p == 'NamespaceLifecycle')",
     'kube-apiserver on {{object.spec.node}} disables the NamespaceLifecycle admission plugin',
     'Remove NamespaceLifecycle from --disable-admission-plugins (it is on by default).', [],
     [('', {'disable-admission-plugins': 'StorageObjectInUseProtection,NamespaceLifecycle'})]),
    ('KW-CP-014', '1.2.14', 'KubeAPIServer', 'High', 'API server does not restrict kubelets (NodeRestriction)',
     f"!({plugins()}.exists(p, p == 'NodeRestriction'))",
     'kube-apiserver on {{object.spec.node}}: the NodeRestriction admission plugin is not enabled',
     'Add NodeRestriction to --enable-admission-plugins (with the Node authorizer).', [],
     [('', {'enable-admission-plugins': 'EventRateLimit,AlwaysPullImages'})]),
    ('KW-CP-015', '1.2.15', 'KubeAPIServer', 'Low', 'API server exposes profiling',
     f"{flag('profiling', 'true')} != 'false'",
     "kube-apiserver on {{object.spec.node}}: --profiling is {{" + flag('profiling', 'true (default)') + "}}",
     'Set --profiling=false.', [], [('', {'profiling': None})]),
    ('KW-CP-016', '1.2.16', 'KubeAPIServer', 'Medium', 'API server writes no audit log',
     f"{flag('audit-log-path', '')} == ''", 'kube-apiserver on {{object.spec.node}} has no --audit-log-path',
     'Set --audit-log-path (and --audit-policy-file) so requests are audited.', [], [('', {'audit-log-path': None})]),
    ('KW-CP-017', '1.2.17', 'KubeAPIServer', 'Low', 'API server keeps audit logs too briefly',
     f"{flag('audit-log-path', '')} != '-' && int({flag('audit-log-maxage', '0')}) < params.minimum",
     "kube-apiserver on {{object.spec.node}}: --audit-log-maxage is {{" + flag('audit-log-maxage', 'unset') +
     "}} days, below {{params.minimum}}", 'Set --audit-log-maxage to 30 or as your retention policy requires.',
     [('more', {'audit-log-maxage': '90'})], [('unset', {'audit-log-maxage': None}), ('low', {'audit-log-maxage': '7'})],
     {'minimum': 30}),
    ('KW-CP-018', '1.2.18', 'KubeAPIServer', 'Low', 'API server keeps too few audit log files',
     f"{flag('audit-log-path', '')} != '-' && int({flag('audit-log-maxbackup', '0')}) < params.minimum",
     "kube-apiserver on {{object.spec.node}}: --audit-log-maxbackup is {{" + flag('audit-log-maxbackup', 'unset') +
     "}}, below {{params.minimum}}", 'Set --audit-log-maxbackup to 10 or as appropriate.', [],
     [('', {'audit-log-maxbackup': '2'})], {'minimum': 10}),
    ('KW-CP-019', '1.2.19', 'KubeAPIServer', 'Low', 'API server rotates audit logs too small',
     f"{flag('audit-log-path', '')} != '-' && int({flag('audit-log-maxsize', '0')}) < params.minimum",
     "kube-apiserver on {{object.spec.node}}: --audit-log-maxsize is {{" + flag('audit-log-maxsize', 'unset') +
     "}} MB, below {{params.minimum}}", 'Set --audit-log-maxsize to 100 or as appropriate.', [],
     [('', {'audit-log-maxsize': None})], {'minimum': 100}),
    ('KW-CP-020', '1.2.21', 'KubeAPIServer', 'Medium', 'API server does not check that service account tokens exist',
     f"{flag('service-account-lookup', 'true')} == 'false'",
     'kube-apiserver on {{object.spec.node}}: --service-account-lookup=false accepts tokens of deleted service accounts',
     'Remove --service-account-lookup=false (the default, true, is compliant).', [('default', {})],
     [('', {'service-account-lookup': 'false'})]),
    ('KW-CP-021', '1.2.22', 'KubeAPIServer', 'Medium', 'API server has no service account key file',
     unset('service-account-key-file'), 'kube-apiserver on {{object.spec.node}} has no --service-account-key-file',
     'Set --service-account-key-file to the public key(s) that verify service account tokens.', [],
     [('', {'service-account-key-file': None})]),
    ('KW-CP-022', '1.2.23', 'KubeAPIServer', 'High', 'API server talks to etcd without a client certificate',
     f"{unset('etcd-certfile')} || {unset('etcd-keyfile')}",
     'kube-apiserver on {{object.spec.node}} lacks --etcd-certfile or --etcd-keyfile',
     'Set --etcd-certfile and --etcd-keyfile.', [], [('', {'etcd-certfile': None})]),
    ('KW-CP-023', '1.2.24', 'KubeAPIServer', 'High', 'API server has no serving certificate',
     f"{unset('tls-cert-file')} || {unset('tls-private-key-file')}",
     'kube-apiserver on {{object.spec.node}} lacks --tls-cert-file or --tls-private-key-file',
     'Set --tls-cert-file and --tls-private-key-file.', [], [('', {'tls-private-key-file': None})]),
    ('KW-CP-024', '1.2.25', 'KubeAPIServer', 'High', 'API server has no client CA',
     unset('client-ca-file'), 'kube-apiserver on {{object.spec.node}} has no --client-ca-file',
     'Set --client-ca-file so client certificates are verified.', [], [('', {'client-ca-file': None})]),
    ('KW-CP-025', '1.2.26', 'KubeAPIServer', 'High', 'API server does not verify etcd\'s certificate',
     unset('etcd-cafile'), 'kube-apiserver on {{object.spec.node}} has no --etcd-cafile',
     'Set --etcd-cafile to the etcd CA.', [], [('', {'etcd-cafile': None})]),
    ('KW-CP-026', '1.2.27', 'KubeAPIServer', 'Medium', 'API server does not encrypt data at rest',
     unset('encryption-provider-config'), 'kube-apiserver on {{object.spec.node}} has no --encryption-provider-config',
     'Configure encryption at rest and set --encryption-provider-config.', [],
     [('', {'encryption-provider-config': None})]),
    ('KW-CP-027', '1.2.29', 'KubeAPIServer', 'Medium', 'API server allows weak TLS cipher suites',
     f"!{flag('tls-cipher-suites', '')}.split(',').map(c, c.trim()).all(c, c != '' && c in params.allowed)",
     "kube-apiserver on {{object.spec.node}}: --tls-cipher-suites is {{" + flag('tls-cipher-suites', 'unset') +
     "}}", 'Set --tls-cipher-suites to strong suites only (see the check\'s allowed list).', [],
     [('unset', {'tls-cipher-suites': None}),
      ('weak', {'tls-cipher-suites': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA'})],
     {'allowed': STRONG_API}),
    ('KW-CP-028', '1.2.30', 'KubeAPIServer', 'Low', 'API server extends service account token lifetimes',
     f"{flag('service-account-extend-token-expiration', 'true')} != 'false'",
     'kube-apiserver on {{object.spec.node}}: --service-account-extend-token-expiration is not false',
     'Set --service-account-extend-token-expiration=false.', [],
     [('', {'service-account-extend-token-expiration': None})]),
    ('KW-CP-101', '1.3.1', 'KubeControllerManager', 'Low', 'Controller manager keeps terminated pods without limit',
     f"int({flag('terminated-pod-gc-threshold', '0')}) <= 0",
     'kube-controller-manager on {{object.spec.node}} has no --terminated-pod-gc-threshold',
     'Set --terminated-pod-gc-threshold (for example 10).', [], [('', {'terminated-pod-gc-threshold': None})]),
    ('KW-CP-102', '1.3.2', 'KubeControllerManager', 'Low', 'Controller manager exposes profiling',
     f"{flag('profiling', 'true')} != 'false'", 'kube-controller-manager on {{object.spec.node}}: --profiling is not false',
     'Set --profiling=false.', [], [('', {'profiling': 'true'})]),
    ('KW-CP-103', '1.3.3', 'KubeControllerManager', 'Medium',
     'Controller manager runs controllers with its own credentials',
     f"{flag('use-service-account-credentials', 'false')} != 'true'",
     'kube-controller-manager on {{object.spec.node}}: --use-service-account-credentials is not true',
     'Set --use-service-account-credentials=true.', [], [('', {'use-service-account-credentials': None})]),
    ('KW-CP-104', '1.3.4', 'KubeControllerManager', 'Medium', 'Controller manager has no service account signing key',
     unset('service-account-private-key-file'),
     'kube-controller-manager on {{object.spec.node}} has no --service-account-private-key-file',
     'Set --service-account-private-key-file.', [], [('', {'service-account-private-key-file': None})]),
    ('KW-CP-105', '1.3.5', 'KubeControllerManager', 'Medium', 'Controller manager gives pods no root CA',
     unset('root-ca-file'), 'kube-controller-manager on {{object.spec.node}} has no --root-ca-file',
     'Set --root-ca-file to the cluster CA.', [], [('', {'root-ca-file': None})]),
    ('KW-CP-106', '1.3.6', 'KubeControllerManager', 'Medium',
     'Controller manager turns kubelet serving certificate rotation off',
     f"{flag('feature-gates', '')}.split(',').exists(g, g.trim() == 'RotateKubeletServerCertificate=false')",
     'kube-controller-manager on {{object.spec.node}} sets RotateKubeletServerCertificate=false',
     'Remove RotateKubeletServerCertificate=false from --feature-gates (it is on by default).',
     [('default', {}), ('explicit', {'feature-gates': 'RotateKubeletServerCertificate=true'})],
     [('', {'feature-gates': 'RotateKubeletServerCertificate=false'})]),
    ('KW-CP-107', '1.3.7', 'KubeControllerManager', 'Low', 'Controller manager listens beyond localhost',
     f"{flag('bind-address', '0.0.0.0')} != '127.0.0.1'",
     "kube-controller-manager on {{object.spec.node}}: --bind-address is {{" + flag('bind-address', '0.0.0.0 (default)')
     + "}}", 'Set --bind-address=127.0.0.1.', [], [('unset', {'bind-address': None}), ('any', {'bind-address': '0.0.0.0'})]),
    ('KW-CP-201', '1.4.1', 'KubeScheduler', 'Low', 'Scheduler exposes profiling',
     f"{flag('profiling', 'true')} != 'false'", 'kube-scheduler on {{object.spec.node}}: --profiling is not false',
     'Set --profiling=false.', [], [('', {'profiling': None})]),
    ('KW-CP-202', '1.4.2', 'KubeScheduler', 'Low', 'Scheduler listens beyond localhost',
     f"{flag('bind-address', '0.0.0.0')} != '127.0.0.1'",
     "kube-scheduler on {{object.spec.node}}: --bind-address is {{" + flag('bind-address', '0.0.0.0 (default)') + "}}",
     'Set --bind-address=127.0.0.1.', [], [('', {'bind-address': '0.0.0.0'})]),
    ('KW-ETCD-001', '2.1', 'Etcd', 'High', 'etcd serves clients without TLS',
     f"{unset('cert-file')} || {unset('key-file')}", 'etcd on {{object.spec.node}} lacks --cert-file or --key-file',
     'Set --cert-file and --key-file.', [], [('', {'cert-file': None})]),
    ('KW-ETCD-002', '2.2', 'Etcd', 'High', 'etcd does not require client certificates',
     f"{flag('client-cert-auth', 'false')} != 'true'", 'etcd on {{object.spec.node}}: --client-cert-auth is not true',
     'Set --client-cert-auth=true.', [], [('unset', {'client-cert-auth': None}), ('false', {'client-cert-auth': 'false'})]),
    ('KW-ETCD-003', '2.3', 'Etcd', 'Medium', 'etcd uses self-signed certificates for clients (auto TLS)',
     f"{flag('auto-tls', 'false')} == 'true'", 'etcd on {{object.spec.node}}: --auto-tls=true',
     'Remove --auto-tls or set it to false.', [('default', {})], [('', {'auto-tls': 'true'})]),
    ('KW-ETCD-004', '2.4', 'Etcd', 'High', 'etcd peers talk without TLS',
     f"{unset('peer-cert-file')} || {unset('peer-key-file')}",
     'etcd on {{object.spec.node}} lacks --peer-cert-file or --peer-key-file',
     'Set --peer-cert-file and --peer-key-file.', [], [('', {'peer-key-file': None})]),
    ('KW-ETCD-005', '2.5', 'Etcd', 'High', 'etcd does not require peer certificates',
     f"{flag('peer-client-cert-auth', 'false')} != 'true'",
     'etcd on {{object.spec.node}}: --peer-client-cert-auth is not true', 'Set --peer-client-cert-auth=true.', [],
     [('', {'peer-client-cert-auth': None})]),
    ('KW-ETCD-006', '2.6', 'Etcd', 'Medium', 'etcd uses self-signed certificates for peers (auto TLS)',
     f"{flag('peer-auto-tls', 'false')} == 'true'", 'etcd on {{object.spec.node}}: --peer-auto-tls=true',
     'Remove --peer-auto-tls or set it to false.', [], [('', {'peer-auto-tls': 'true'})]),
    ('KW-KLT-001', '4.2.1', 'KubeletConfiguration', 'High', 'Kubelet accepts anonymous requests',
     "object.spec.?authentication.?anonymous.?enabled.orValue(true) != false",
     'kubelet on {{object.metadata.name}}: authentication.anonymous.enabled is not false',
     'Set authentication.anonymous.enabled: false in the kubelet configuration (--anonymous-auth=false).', [],
     [('', {'authentication.anonymous.enabled': True}), ('unset', {'authentication.anonymous': None})]),
    ('KW-KLT-002', '4.2.2', 'KubeletConfiguration', 'High', 'Kubelet authorizes every request (AlwaysAllow)',
     "object.spec.?authorization.?mode.orValue('AlwaysAllow') != 'Webhook'",
     "kubelet on {{object.metadata.name}}: authorization.mode is {{object.spec.?authorization.?mode.orValue('unset')}}",
     'Set authorization.mode: Webhook in the kubelet configuration.', [],
     [('', {'authorization.mode': 'AlwaysAllow'})]),
    ('KW-KLT-003', '4.2.3', 'KubeletConfiguration', 'High', 'Kubelet has no client CA',
     "object.spec.?authentication.?x509.?clientCAFile.orValue('') == ''",
     'kubelet on {{object.metadata.name}} has no authentication.x509.clientCAFile',
     'Set authentication.x509.clientCAFile to the cluster CA.', [], [('', {'authentication.x509.clientCAFile': None})]),
    ('KW-KLT-004', '4.2.4', 'KubeletConfiguration', 'Medium', 'Kubelet serves its read-only port',
     "object.spec.?readOnlyPort.orValue(0) != 0",
     'kubelet on {{object.metadata.name}} serves unauthenticated reads on port {{object.spec.readOnlyPort}}',
     'Set readOnlyPort: 0.', [('absent', {'readOnlyPort': None}), ('zero', {'readOnlyPort': 0})],
     [('', {'readOnlyPort': 10255})]),
    ('KW-KLT-005', '4.2.5', 'KubeletConfiguration', 'Low', 'Kubelet keeps idle streaming connections forever',
     "object.spec.?streamingConnectionIdleTimeout.orValue('4h0m0s') in ['0', '0s']",
     'kubelet on {{object.metadata.name}}: streamingConnectionIdleTimeout is 0 (no timeout)',
     'Set streamingConnectionIdleTimeout to a duration such as 5m.', [('default', {'streamingConnectionIdleTimeout': None})],
     [('', {'streamingConnectionIdleTimeout': '0s'})]),
    ('KW-KLT-006', '4.2.6', 'KubeletConfiguration', 'Low', 'Kubelet does not manage its iptables chains',
     "object.spec.?makeIPTablesUtilChains.orValue(true) == false",
     'kubelet on {{object.metadata.name}}: makeIPTablesUtilChains is false', 'Set makeIPTablesUtilChains: true.',
     [('default', {'makeIPTablesUtilChains': None})], [('', {'makeIPTablesUtilChains': False})]),
    ('KW-KLT-008', '4.2.8', 'KubeletConfiguration', 'Low', 'Kubelet drops events (eventRecordQPS too low)',
     "object.spec.?eventRecordQPS.orValue(50) > 0 && object.spec.?eventRecordQPS.orValue(50) < params.minimum",
     'kubelet on {{object.metadata.name}}: eventRecordQPS is {{object.spec.eventRecordQPS}}, below {{params.minimum}}',
     'Set eventRecordQPS to 0 (no limit) or a rate high enough to keep the events you audit.',
     [('unlimited', {'eventRecordQPS': 0})], [('', {'eventRecordQPS': 1})], {'minimum': 5}),
    ('KW-KLT-009', '4.2.9', 'KubeletConfiguration', 'Medium', 'Kubelet serves a self-signed certificate',
     "object.spec.?serverTLSBootstrap.orValue(false) != true && (object.spec.?tlsCertFile.orValue('') == '' || "
     "object.spec.?tlsPrivateKeyFile.orValue('') == '')",
     'kubelet on {{object.metadata.name}} has neither tlsCertFile/tlsPrivateKeyFile nor serverTLSBootstrap',
     'Set serverTLSBootstrap: true (and approve the serving CSRs) or tlsCertFile and tlsPrivateKeyFile.',
     [('bootstrap-only', {'tlsCertFile': None, 'tlsPrivateKeyFile': None}),
      ('files-only', {'serverTLSBootstrap': None})],
     [('', {'tlsCertFile': None, 'tlsPrivateKeyFile': None, 'serverTLSBootstrap': None})]),
    ('KW-KLT-010', '4.2.10', 'KubeletConfiguration', 'Medium', 'Kubelet does not rotate its client certificate',
     "object.spec.?rotateCertificates.orValue(false) != true",
     'kubelet on {{object.metadata.name}}: rotateCertificates is not true', 'Set rotateCertificates: true.', [],
     [('', {'rotateCertificates': False}), ('unset', {'rotateCertificates': None})]),
    ('KW-KLT-011', '4.2.11', 'KubeletConfiguration', 'Medium', 'Kubelet turns serving certificate rotation off',
     "object.spec.?featureGates.?RotateKubeletServerCertificate.orValue(true) == false",
     'kubelet on {{object.metadata.name}}: feature gate RotateKubeletServerCertificate is off',
     'Remove RotateKubeletServerCertificate: false from featureGates.', [('default', {'featureGates': None})],
     [('', {'featureGates.RotateKubeletServerCertificate': False})]),
    ('KW-KLT-012', '4.2.12', 'KubeletConfiguration', 'Medium', 'Kubelet allows weak TLS cipher suites',
     "!(object.spec.?tlsCipherSuites.orValue([]).size() > 0 && "
     "object.spec.tlsCipherSuites.all(c, c in params.allowed))",
     "kubelet on {{object.metadata.name}}: tlsCipherSuites is {{object.spec.?tlsCipherSuites.orValue(['unset'])}}",
     'Set tlsCipherSuites to strong suites only (see the check\'s allowed list).', [],
     [('unset', {'tlsCipherSuites': None}), ('weak', {'tlsCipherSuites': ['TLS_RSA_WITH_AES_128_GCM_SHA256']})],
     {'allowed': STRONG_KUBELET}),
    ('KW-KLT-013', '4.2.13', 'KubeletConfiguration', 'Low', 'Kubelet sets no limit on pod PIDs',
     "object.spec.?podPidsLimit.orValue(-1) <= 0",
     'kubelet on {{object.metadata.name}}: podPidsLimit is {{object.spec.?podPidsLimit.orValue(-1)}} (no limit)',
     'Set podPidsLimit to a number of processes a pod may start.', [], [('', {'podPidsLimit': -1})]),
    ('KW-KLT-014', '4.2.14', 'KubeletConfiguration', 'Low', 'Kubelet does not apply the default seccomp profile',
     "object.spec.?seccompDefault.orValue(false) != true",
     'kubelet on {{object.metadata.name}}: seccompDefault is not true',
     'Set seccompDefault: true so containers without a profile get RuntimeDefault.', [],
     [('', {'seccompDefault': None})]),
    ('KW-KLT-015', None, 'KubeletConfiguration', 'Low', 'Kubelet does not protect kernel defaults',
     "object.spec.?protectKernelDefaults.orValue(false) != true",
     'kubelet on {{object.metadata.name}}: protectKernelDefaults is not true',
     'Set protectKernelDefaults: true (and the kernel parameters the kubelet expects) so a kubelet does not run on a'
     ' kernel tuned differently from what it checks.', [], [('', {'protectKernelDefaults': False})]),
]

CATEGORY = {'KubeAPIServer': 'Control plane (API server)', 'KubeControllerManager': 'Control plane (controller manager)',
            'KubeScheduler': 'Control plane (scheduler)', 'Etcd': 'etcd', 'KubeletConfiguration': 'Kubelet'}
WHY = {
    'KubeAPIServer': 'The API server is the front door of the cluster; this setting decides who gets in and what is kept.',
    'KubeControllerManager': 'The controller manager holds the cluster\'s signing keys and runs its controllers.',
    'KubeScheduler': 'The scheduler reads the whole cluster; its endpoints should not be open to the network.',
    'Etcd': 'etcd holds every object of the cluster, Secrets included; only the API server should talk to it, over TLS.',
    'KubeletConfiguration': 'The kubelet runs the node\'s pods and serves an API that can exec into them.',
}


def pod(kind, flags):
    comp, _ = BASE[kind]
    command = [comp] + [f'--{k}={v}' for k, v in sorted(flags.items())]
    return {
        'apiVersion': 'v1', 'kind': 'Pod',
        'metadata': {'name': f'{comp}-cp-1', 'namespace': 'kube-system',
                     'labels': {'component': comp, 'tier': 'control-plane'},
                     'annotations': {'kubernetes.io/config.source': 'file',
                                     'kubernetes.io/config.mirror': '6580cebb2d04c6c59385cf58e278b0a6'},
                     'ownerReferences': [{'apiVersion': 'v1', 'kind': 'Node', 'name': 'cp-1', 'controller': True,
                                          'uid': '8bb39b2c-8cb0-4390-94e6-74d5e3fe7c16'}]},
        'spec': {'containers': [{'name': comp, 'image': IMAGE[comp], 'command': command,
                                 'imagePullPolicy': 'IfNotPresent', 'resources': {'requests': {'cpu': '100m'}}}],
                 'hostNetwork': True, 'nodeName': 'cp-1', 'priorityClassName': 'system-node-critical',
                 'securityContext': {'seccompProfile': {'type': 'RuntimeDefault'}}},
    }


def mutate_kubelet(cfg, changes):
    cfg = copy.deepcopy(cfg)
    for path, value in changes.items():
        parts = path.split('.')
        node = cfg
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        if value is None:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return cfg


def fixture(kind, changes):
    if kind == 'KubeletConfiguration':
        return {'kubeletconfig': mutate_kubelet(KUBELET, changes)}
    flags = dict(BASE[kind][1])
    for k, v in changes.items():
        if v is None:
            flags.pop(k, None)
        else:
            flags[k] = v
    return pod(kind, flags)


class Dumper(yaml.SafeDumper):
    pass


def main():
    os.makedirs(f'{ROOT}/checks', exist_ok=True)
    for row in CHECKS:
        cid, cis, kind, sev, title, cond, msg, fix, passes, fails = row[:10]
        params = row[10] if len(row) > 10 else None
        rule = {'id': cid, 'title': title, 'severity': sev, 'category': CATEGORY[kind], 'target': 'cluster',
                'kinds': [kind], 'condition': cond, 'message': msg,
                'description': WHY[kind] + (f' CIS Kubernetes Benchmark {cis}.' if cis else ''),
                'remediation': fix, 'admission': False}
        if params:
            rule['params'] = params
        with open(f'{ROOT}/checks/{cid}.yaml', 'w') as f:
            f.write(f'# Kubeward component check. Fixtures: testdata/{cid}/{{pass,fail}}*.yaml\n')
            yaml.dump(rule, f, Dumper=Dumper, sort_keys=False, width=120, allow_unicode=True)
        d = f'{ROOT}/testdata/{cid}'
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            os.remove(f'{d}/{name}')
        for outcome, variants in (('pass', [('', {})] + passes), ('fail', fails)):
            for suffix, changes in variants:
                fn = f'{d}/{outcome}{"." + suffix if suffix else ""}.yaml'
                with open(fn, 'w') as f:
                    yaml.dump(fixture(kind, changes), f, Dumper=Dumper, sort_keys=False, width=120)


if __name__ == '__main__':
    main()
