/**
 * Curated Chinese text the simulated world is made of. Names use only Chinese characters so
 * that wxdesk's pinyin search has something real to work with.
 */

/** The most common surnames, roughly in order of frequency so early picks dominate less. */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高',
  '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁',
  '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔',
  '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦',
] as const;

export const GIVEN_MALE = [
  '伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波',
  '斌', '宇', '浩', '凯', '健', '俊', '帆', '帅', '旭', '宁', '龙', '林', '志', '建', '国', '海', '文', '博',
  '成', '亮', '峰', '晨', '阳', '东', '松', '泽', '昊', '然', '睿', '轩', '铭', '家',
] as const;

export const GIVEN_FEMALE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '慧', '莹', '颖', '琳', '倩', '晶',
  '欣', '悦', '佳', '瑶', '怡', '萍', '红', '梅', '兰', '洁', '璐', '蕾', '薇', '菲', '妍', '雯', '岚', '诗',
  '梦', '琪', '涵', '彤', '思', '雨', '晓', '月', '秀', '云', '珊', '露', '婉', '清',
] as const;

/** Prefixes people put before their name in their WeChat nickname (售前-张伟). */
export const NICK_PREFIXES = ['售前', '售后', '客服', '采购', '财务', '行政', '市场部', '设计', '物流', '代理'] as const;

/** Nickname styles that are not the real name at all. */
export const FANCY_NICKS = [
  '阳光男孩', '小太阳', '一只小猫', '开心果', '追梦人', '岁月静好', '海阔天空', '简单生活', '微笑向暖',
  '风轻云淡', '花开富贵', '平安是福', '知足常乐', '晴天', '向日葵', '山水之间', '布丁', '橘子汽水',
] as const;

/** What an account's user writes as a remark for a friend: `${name}${suffix}` or `${prefix}${name}`. */
export const REMARK_SUFFIXES = ['-上海客户', '-北京客户', '-老客户', '-意向客户', '-代理商', '-供应商', '总', '经理', '-已成交', '-待跟进'] as const;
export const REMARK_PREFIXES = ['VIP', '客户', '重要', '新客'] as const;

export const REGIONS: readonly { province: string; cities: readonly string[] }[] = [
  { province: '广东', cities: ['广州', '深圳', '东莞', '佛山', '珠海', '惠州'] },
  { province: '浙江', cities: ['杭州', '宁波', '温州', '金华', '绍兴'] },
  { province: '江苏', cities: ['南京', '苏州', '无锡', '常州', '南通'] },
  { province: '上海', cities: ['浦东新区', '徐汇', '静安', '闵行'] },
  { province: '北京', cities: ['朝阳', '海淀', '东城', '丰台'] },
  { province: '四川', cities: ['成都', '绵阳', '宜宾'] },
  { province: '湖北', cities: ['武汉', '宜昌', '襄阳'] },
  { province: '湖南', cities: ['长沙', '株洲', '岳阳'] },
  { province: '山东', cities: ['济南', '青岛', '烟台', '潍坊'] },
  { province: '福建', cities: ['福州', '厦门', '泉州'] },
  { province: '河南', cities: ['郑州', '洛阳', '开封'] },
  { province: '陕西', cities: ['西安', '咸阳'] },
];

export const SIGNATURES = [
  '专注品质，用心服务', '有事请留言，看到必回', '努力工作，认真生活', '诚信经营，合作共赢', '今天也要加油呀',
  '做一个温暖的人', '一切都是最好的安排', '不忘初心，方得始终', '工作时间 9:00-18:00', '相信自己',
  '专业代理，欢迎咨询', '慢慢来，比较快', '电话微信同号', '', '',
] as const;

/** Account nicknames: the people who run the desk's WeChat accounts. */
export const ACCOUNT_ROLES = ['客服', '销售', '顾问', '售后', '店长'] as const;

export const ROOM_TOPICS = [
  '产品交流群', '客户服务{n}群', 'VIP客户群', '新品体验群', '代理商交流群', '售后服务群', '团购福利群',
  '{city}客户群', '项目对接群', '渠道合作群', '会员专属群', '技术支持群', '市场推广群', '老客户回馈群',
] as const;

export const ANNOUNCEMENTS = [
  '欢迎新朋友入群！请修改群昵称为：城市-姓名，禁止发广告。',
  '本群为客户服务群，有问题请直接@客服，工作时间9:00-18:00。',
  '新品上市，群内成员享受九折优惠，详情私聊客服。',
  '请勿在群内发布与产品无关的链接，违者移出群聊。',
] as const;

/** What customers and colleagues write in on their own. */
export const INBOUND_TEXTS = [
  '你好，在吗？', '这个产品现在什么价格？', '请问有现货吗？', '发货了吗？大概几天能到？', '能便宜一点吗？',
  '我想再订一批，数量和上次一样', '快递单号发我一下', '收到了，质量不错', '有没有优惠活动？', '麻烦发一下产品资料',
  '什么时候有空，电话沟通一下', '合同我已经签好了', '发票开了吗？', '这个颜色还有吗？', '好的，谢谢！',
  '老板，上次那个型号还有货吗？', '我们公司想批量采购，能给个报价吗？', '售后怎么处理？有点小问题',
  '明天上午方便来公司看看吗？', '款已经转过去了，请查收', '能不能包邮？', '嗯嗯，我考虑一下', '👍 收到',
  '帮我查一下订单状态', '新品什么时候上？', '可以开专票吗？', '今天能发货吗？急用', '好的，没问题',
] as const;

/** Extra chatter that only makes sense in a group. */
export const ROOM_TEXTS = [
  '大家好，我是新来的', '@所有人 今晚八点直播，记得来', '有没有人用过这款？效果怎么样？', '同问',
  '群主辛苦了', '收到', '哈哈哈哈', '这个活动截止到什么时候？', '分享一个使用心得', '谢谢群主的福利',
] as const;

/** Replies keyed by what the account wrote; the first rule whose word appears wins. */
export const REPLY_RULES: readonly { words: readonly string[]; replies: readonly string[] }[] = [
  { words: ['价格', '报价', '多少钱', '优惠'], replies: ['这个价格还能再低点吗？', '好的，我和领导商量一下', '比别家贵一点啊'] },
  { words: ['发货', '快递', '物流'], replies: ['好的，收到货跟你说', '麻烦尽快，谢谢', '单号发我一下'] },
  { words: ['你好', '您好', '在吗'], replies: ['你好，在的', '您好！', '在的，有什么事？'] },
  { words: ['谢谢', '感谢'], replies: ['不客气', '应该的😊', '客气啦'] },
];

export const GENERIC_REPLIES = [
  '好的', '收到', '嗯嗯，明白了', '好的，谢谢', '没问题', '我看一下', 'OK', '稍等，我问一下', '行，就这么定了',
  '好的，回头联系', '了解了',
] as const;

export const MEDIA_REPLIES = ['收到图片了', '文件收到，我看一下', '好的，已查看', '这个清楚了，谢谢'] as const;
