#!/usr/bin/env python3
"""Writes standards/cis-kubernetes.yaml from the control ids and titles of a CIS Kubernetes Benchmark definition
(kube-bench's cfg/cis-1.12 in ../shared/data/frameworks). Only ids, titles and section names are taken over (public
facts); descriptions, audit steps and the rule mapping are Kubeward's own. Run from the repository root:
  python3 kubeward-compliance/src/build/gen_cis.py ../shared/data/frameworks/kube-bench/cfg/cis-1.12 > \
    kubeward-compliance/src/main/resources/dev/kubeward/compliance/standards/cis-kubernetes.yaml
"""
import re
import sys

import yaml

SRC = sys.argv[1]

RULES = {
    '5.1.1': ['KW-RBAC-001', 'KW-RBAC-024'],
    '5.1.2': ['KW-RBAC-005', 'KW-RBAC-023'],
    '5.1.3': ['KW-RBAC-002', 'KW-RBAC-003', 'KW-RBAC-004'],
    '5.1.4': ['KW-RBAC-016'],
    '5.1.5': ['KW-POD-002', 'KW-RBAC-025', 'KW-RBAC-028'],
    '5.1.6': ['KW-POD-001', 'KW-RBAC-027'],
    '5.1.8': ['KW-RBAC-008', 'KW-RBAC-009', 'KW-RBAC-010'],
    '5.1.9': ['KW-RBAC-017'],
    '5.1.10': ['KW-RBAC-011'],
    '5.1.11': ['KW-RBAC-018'],
    '5.1.12': ['KW-RBAC-020'],
    '5.1.13': ['KW-RBAC-019'],
    '5.2.1': ['KW-NS-001', 'KW-NS-002'],
    '5.2.2': ['KW-PSS-001'],
    '5.2.3': ['KW-PSS-002'],
    '5.2.4': ['KW-PSS-003'],
    '5.2.5': ['KW-PSS-004'],
    '5.2.6': ['KW-PSS-017'],
    '5.2.7': ['KW-PSS-018', 'KW-PSS-019'],
    '5.2.8': ['KW-CTR-011'],
    '5.2.9': ['KW-PSS-021', 'KW-PSS-007'],
    '5.2.10': ['KW-PSS-008'],
    '5.2.11': ['KW-PSS-005'],
    '5.2.12': ['KW-PSS-006'],
    '5.3.2': ['KW-NS-004'],
    '5.4.1': ['KW-SEC-002', 'KW-SEC-003'],
    '5.6.2': ['KW-PSS-020'],
    '5.6.3': ['KW-POD-009'],
    '5.6.4': ['KW-WKL-001'],
}

MANUAL_5 = {
    '5.1.7': ('Members of system:masters bypass RBAC entirely and cannot be revoked by removing bindings.',
              'List the client certificates issued by the cluster CA and the identities of your identity provider; '
              'make sure none carries the group system:masters except a break-glass credential kept offline.'),
    '5.3.1': ('NetworkPolicies only take effect when the network plugin enforces them.',
              'Identify the CNI plugin (kubectl get pods -n kube-system) and confirm from its documentation that it '
              'enforces NetworkPolicy; a policy-denied connection test between two namespaces settles it.'),
    '5.4.2': ('An external secret store keeps secrets encrypted, audited and rotated outside etcd.',
              'Check whether applications read secrets from a vault or a cloud secret manager (for example through '
              'the Secrets Store CSI driver or an external-secrets operator) rather than plain Secrets.'),
    '5.5.1': ('Image provenance checks stop images that were not built and signed by you from running.',
              'Check the API server admission plugins and the admission webhooks or policies for a check of image '
              'signatures or registries (ImagePolicyWebhook, a signature-verifying webhook or an admission policy).'),
    '5.6.1': ('Namespaces are the unit RBAC, quotas and policies apply to; mixing teams in one weakens each of them.',
              'Review kubectl get namespaces against your teams and applications and make sure each has its own '
              'namespaces with their own RBAC bindings, quotas and network policies.'),
}

GROUP = {
    '1.1': ('Control-plane configuration files hold credentials and settings that decide how the cluster is run; '
            'only root may read or change them.',
            'On every control-plane node, run stat -c "%a %U:%G" on the file or folder the control names (kubeadm keeps '
            'them under /etc/kubernetes and /var/lib/etcd) and compare the mode or owner with the one the title asks for.'),
    '1.2': ('A setting of the API server, the front door of the cluster.',
            'On every control-plane node, read the kube-apiserver arguments (ps -ef | grep kube-apiserver, or the static '
            'pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml) and check the argument the title names. Managed '
            'clusters: check the provider\'s control-plane settings instead.'),
    '1.3': ('A setting of the controller manager, which holds the cluster\'s signing keys and runs its controllers.',
            'On every control-plane node, read the kube-controller-manager arguments (ps -ef | grep '
            'kube-controller-manager, or /etc/kubernetes/manifests/kube-controller-manager.yaml) and check the argument '
            'the title names.'),
    '1.4': ('A setting of the scheduler.',
            'On every control-plane node, read the kube-scheduler arguments (ps -ef | grep kube-scheduler, or '
            '/etc/kubernetes/manifests/kube-scheduler.yaml) and check the argument the title names.'),
    '2': ('etcd stores every object of the cluster, Secrets included; its traffic must be authenticated and encrypted.',
          'On every etcd member, read the etcd arguments (ps -ef | grep etcd, or /etc/kubernetes/manifests/etcd.yaml) '
          'and check the setting the title names.'),
    '3.1': ('How people and components prove who they are to the cluster.',
            'Review how users authenticate (client certificates, service account tokens, OIDC) against the title; '
            'check the kube-apiserver arguments for the authentication options in use.'),
    '3.2': ('Audit logs are the record of who did what in the cluster.',
            'Check that kube-apiserver has --audit-policy-file and --audit-log-path (or a webhook backend) and read '
            'the policy file to confirm it records the requests the title names.'),
    '4.1': ('Kubelet and kube-proxy configuration files on worker nodes hold credentials; only root may change them.',
            'On every node, run stat -c "%a %U:%G" on the file the control names (the kubelet service drop-in, '
            '/etc/kubernetes/kubelet.conf, /var/lib/kubelet/config.yaml, the kube-proxy kubeconfig, the client CA file) '
            'and compare the mode or owner with the title.'),
    '4.2': ('A kubelet setting: the kubelet can start any container and read any pod\'s secrets on its node.',
            'On every node, read the kubelet configuration (the file named by --config, usually '
            '/var/lib/kubelet/config.yaml, and the kubelet arguments shown by ps -ef | grep kubelet), or fetch it '
            'through the API with kubectl get --raw /api/v1/nodes/NODE/proxy/configz, and check the setting the '
            'title names.'),
    '4.3': ('A kube-proxy setting.',
            'On every node, read the kube-proxy configuration (kubectl -n kube-system get configmap kube-proxy -o yaml '
            'on kubeadm clusters) and check the setting the title names.'),
}

POLICY_DESC = {
    '5.1': 'RBAC decides who may do what; broad grants are how a single stolen credential becomes the whole cluster.',
    '5.2': 'Admission of pods that could escape to or act as the node should be limited to the few that need it.',
    '5.3': 'Without NetworkPolicies every pod can reach every other pod.',
    '5.4': 'Secrets should reach applications in the way least likely to leak them.',
    '5.6': 'General workload hygiene that limits the damage of a compromised pod.',
}


def clean(title):
    return re.sub(r'\s*\((Manual|Automated)\)\s*$', '', title).strip()


def main():
    out = {
        'id': 'cis-kubernetes',
        'name': 'CIS Kubernetes Benchmark',
        'version': 'v1.12.0',
        'description': ('The Center for Internet Security\'s hardening benchmark for Kubernetes. Section 5 (policies) is '
                        'decided by Kubeward\'s rules; the control-plane, etcd and node sections are reported as manual '
                        'with the audit steps to follow, because the Kubernetes API does not show those facts.'),
        'sections': [],
        'controls': [],
    }
    for f in ['master.yaml', 'etcd.yaml', 'controlplane.yaml', 'node.yaml', 'policies.yaml']:
        d = yaml.safe_load(open(f'{SRC}/{f}'))
        for g in d['groups']:
            gid = str(g['id'])
            out['sections'].append({'id': gid, 'title': g['text']})
            for c in g['checks']:
                cid = str(c['id'])
                title = clean(c['text'])
                ctl = {'id': cid, 'title': title, 'section': gid}
                if cid in RULES:
                    ctl['rules'] = RULES[cid]
                    ctl['description'] = POLICY_DESC.get(gid, '')
                elif cid in MANUAL_5:
                    ctl['automated'] = False
                    ctl['description'], ctl['audit'] = MANUAL_5[cid]
                else:
                    desc, audit = GROUP[gid]
                    ctl['automated'] = False
                    ctl['description'] = desc
                    ctl['audit'] = audit
                out['controls'].append(ctl)
    missing = set(RULES) - {c['id'] for c in out['controls']}
    assert not missing, missing
    sys.stdout.write('# CIS Kubernetes Benchmark: control ids and titles are public facts; descriptions, audit steps and\n'
                     '# the rule mapping are Kubeward\'s own. Generated by src/build/gen_cis.py, then kept by hand.\n')
    yaml.safe_dump(out, sys.stdout, sort_keys=False, width=118, allow_unicode=True)


main()
